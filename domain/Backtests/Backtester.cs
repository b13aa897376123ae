namespace LifeWindow.Domain.Backtests;

public sealed record BacktestOptions
{
    /// <summary>Customers replayed at once; results do not depend on it.</summary>
    public int Parallelism { get; init; } = 1;

    public IWindowReplay Replay { get; init; } = WindowReplay.Instance;

    /// <summary>How many customers the source holds, when it knows (for the progress bar).</summary>
    public long? TotalCustomers { get; init; }

    /// <summary>Report progress after this many customers (and once at the end).</summary>
    public int ProgressEvery { get; init; } = 100;
}

public sealed record BacktestProgress(long CustomersDone, long? CustomersTotal, long Facts, long Differences)
{
    public double? Fraction => CustomersTotal is { } total && total > 0 ? Math.Min(1d, (double)CustomersDone / total) : null;
}

/// <summary>What catalog B would have done differently from catalog A over the range: counts per rule and every differing window.</summary>
public sealed record BacktestResult(
    string CatalogA,
    string CatalogB,
    DateTimeOffset From,
    DateTimeOffset To,
    long Customers,
    long Facts,
    IReadOnlyList<RuleSummary> Rules,
    IReadOnlyList<WindowDifference> Differences)
{
    public long Added => Rules.Sum(r => r.Added);

    public long Removed => Rules.Sum(r => r.Removed);

    public long Changed => Rules.Sum(r => r.Changed);
}

/// <summary>
/// Replays every customer's facts through catalogs A and B and compares the windows. Streams the customers: memory holds
/// the customers in flight, the differences and the counts, never the whole population. Customers may be replayed in
/// parallel; the result is the same for any degree (counts add up, differences are sorted at the end).
/// </summary>
public static class Backtester
{
    public static async Task<BacktestResult> RunAsync(
        IAsyncEnumerable<CustomerHistory> customers,
        RuleCatalog catalogA,
        RuleCatalog catalogB,
        DateTimeOffset from,
        DateTimeOffset to,
        BacktestOptions? options = null,
        IProgress<BacktestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customers);
        ArgumentNullException.ThrowIfNull(catalogA);
        ArgumentNullException.ThrowIfNull(catalogB);
        if (from > to)
        {
            throw new ArgumentException($"The backtest range starts ({from:O}) after it ends ({to:O}).", nameof(from));
        }

        options ??= new BacktestOptions();
        var rules = catalogA.Rules.Select(r => r.Id).Union(catalogB.Rules.Select(r => r.Id), StringComparer.Ordinal).ToList();
        var tally = new Tally(options.TotalCustomers, Math.Max(1, options.ProgressEvery), progress);

        void One(CustomerHistory customer)
        {
            var (a, b) = options.Replay.ReplayBoth(customer.CustomerKey, customer.Facts, catalogA, catalogB, from, to);
            tally.Add(customer.Facts.Count, BacktestComparer.Compare(a, b));
        }

        if (options.Parallelism <= 1)
        {
            await foreach (var customer in customers.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                One(customer);
            }
        }
        else
        {
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(customers, parallel, (customer, _) =>
            {
                One(customer);
                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);
        }

        return tally.Result(catalogA.Version, catalogB.Version, from, to, rules);
    }

    /// <summary>The running totals, shared by the workers.</summary>
    private sealed class Tally(long? total, int every, IProgress<BacktestProgress>? progress)
    {
        private readonly Lock gate = new();
        private readonly List<WindowDifference> differences = [];
        private readonly List<RuleSummary> summaries = [];
        private long customers;
        private long facts;

        public void Add(int factCount, WindowComparison comparison)
        {
            lock (gate)
            {
                customers++;
                facts += factCount;
                differences.AddRange(comparison.Differences);
                if (comparison.Rules.Count > 0)
                {
                    // Keep the running totals folded so memory does not grow with the customers.
                    summaries.AddRange(comparison.Rules);
                    if (summaries.Count >= 1024)
                    {
                        var merged = BacktestComparer.Merge(summaries);
                        summaries.Clear();
                        summaries.AddRange(merged);
                    }
                }

                if (customers % every == 0)
                {
                    progress?.Report(new BacktestProgress(customers, total, facts, differences.Count));
                }
            }
        }

        public BacktestResult Result(string versionA, string versionB, DateTimeOffset from, DateTimeOffset to, IEnumerable<string> rules)
        {
            lock (gate)
            {
                progress?.Report(new BacktestProgress(customers, total ?? customers, facts, differences.Count));
                var all = BacktestComparer.Merge(summaries.Concat(rules.Select(r => new RuleSummary(r, 0, 0, 0, 0, 0, 0))));
                var sorted = differences.ToList();
                sorted.Sort(BacktestComparer.Order);
                return new BacktestResult(versionA, versionB, from, to, customers, facts, all, sorted);
            }
        }
    }
}
