using System.Runtime.CompilerServices;
using LifeWindow.Domain.Backtests;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Storage;
using LifeWindow.Sandbox.Facts;

namespace LifeWindow.Benchmarks;

/// <summary>The shipped catalog against itself over synthetic customers streamed from the generator: replay and compare cost only, no I/O.</summary>
public static class BacktestBenchmark
{
    public static async Task RunAsync(int customers, int parallelism, int seed, TextWriter output, CancellationToken cancellationToken)
    {
        var generator = new SyntheticFacts(seed, customers, SyntheticFacts.DefaultLastMonth);
        var (from, to) = generator.Span;
        var catalog = RuleCatalogLoader.LoadDefault();
        output.WriteLine($"Backtest {catalog.Version} against itself: {customers:N0} synthetic customers, {parallelism} in parallel…");
        var watch = Stopwatch.StartNew();
        var result = await Backtester.RunAsync(
            Map(generator.GenerateAsync(cancellationToken)), catalog, catalog, BusinessDays.StartOf(from), BusinessDays.EndOf(to),
            new BacktestOptions { Parallelism = parallelism, TotalCustomers = customers }, cancellationToken: cancellationToken);
        watch.Stop();
        using var process = Process.GetCurrentProcess();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {result.Customers:N0} customers, {result.Facts:N0} facts, {result.Rules.Sum(r => r.WindowsA):N0} windows, {result.Differences.Count} differences in {watch.Elapsed.TotalSeconds:F1} s: {result.Customers / watch.Elapsed.TotalSeconds:N0} customers/s, peak working set {process.PeakWorkingSet64 / 1048576:N0} MB"));
    }

    private static async IAsyncEnumerable<CustomerHistory> Map(IAsyncEnumerable<CustomerFacts> customers, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var customer in customers.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return new CustomerHistory(customer.CustomerKey, customer.Facts.Select(f => new RecordedFact(f.Record, f.RecordedAt)).ToList());
        }
    }
}
