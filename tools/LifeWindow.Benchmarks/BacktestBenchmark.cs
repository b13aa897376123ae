using LifeWindow.Domain.Backtests;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Storage;
using LifeWindow.Sandbox.Facts;

namespace LifeWindow.Benchmarks;

/// <summary>
/// Benchmark 5 of docs/performance.md: the shipped catalog (v1) against the tuned one of samples/backtest over synthetic
/// customers' histories (24 months each, generated before the clock starts), replay and compare only, no I/O — beside a
/// replay of the same histories through the shipped catalog alone, in the same run. Prints facts/s and customers/s.
/// </summary>
public static class BacktestBenchmark
{
    public static async Task RunAsync(int customers, int parallelism, int seed, TextWriter output, CancellationToken cancellationToken)
    {
        var generator = new SyntheticFacts(seed, customers, SyntheticFacts.DefaultLastMonth);
        var (first, last) = generator.Span;
        var (from, to) = (BusinessDays.StartOf(first), BusinessDays.EndOf(last));
        var histories = generator.Generate().Select(c => new CustomerHistory(c.CustomerKey, [.. c.Facts.Select(f => new RecordedFact(f.Record, f.RecordedAt))])).ToList();
        var facts = histories.Sum(h => h.Facts.Count);
        var shipped = RuleCatalogLoader.LoadDefault();
        var tuned = RuleCatalogLoader.LoadFile(Path.Combine(PipelineBenchmark.RepositoryRoot(), "samples", "backtest", "catalog.v1-tuned.json"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Backtest: {customers:N0} synthetic customers, {facts:N0} facts (24 months each), {parallelism} in parallel; {shipped.Version} against {tuned.Version}, beside {shipped.Version} replayed alone"));

        Single(histories.Take(200).ToList(), shipped, from, to, parallelism); // warm-up
        var watch = Stopwatch.StartNew();
        var windowsAlone = Single(histories, shipped, from, to, parallelism);
        var alone = watch.Elapsed;
        watch.Restart();
        var result = await Backtester.RunAsync(
            Stream(histories), shipped, tuned, from, to,
            new BacktestOptions { Parallelism = parallelism, TotalCustomers = customers }, cancellationToken: cancellationToken);
        var both = watch.Elapsed;
        using var process = Process.GetCurrentProcess();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  baseline: {shipped.Version} alone      {facts / alone.TotalSeconds,12:N0} facts/s  ({customers / alone.TotalSeconds:N0} customers/s, {windowsAlone:N0} windows)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  two catalogs compared        {facts / both.TotalSeconds,12:N0} facts/s  ({result.Customers / both.TotalSeconds:N0} customers/s, {result.Rules.Sum(r => r.WindowsA):N0} / {result.Rules.Sum(r => r.WindowsB):N0} windows, {result.Differences.Count:N0} differences); {both / alone:F2}x the single replay's time; peak working set {process.PeakWorkingSet64 / 1048576:N0} MB (target: 1 M facts/s)"));
    }

    private static async IAsyncEnumerable<CustomerHistory> Stream(IEnumerable<CustomerHistory> histories)
    {
        foreach (var history in histories)
        {
            yield return history;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private static int Single(IReadOnlyList<CustomerHistory> histories, RuleCatalog catalog, DateTimeOffset from, DateTimeOffset to, int parallelism)
    {
        var windows = 0;
        Parallel.ForEach(histories, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, history =>
            Interlocked.Add(ref windows, WindowReplay.Instance.Replay(history.CustomerKey, history.Facts, catalog, from, to).Count));
        return windows;
    }
}
