using CsCheck;

namespace LifeWindow.Domain.Tests.Backtests;

public class BacktesterTests
{
    private static readonly (DateTimeOffset From, DateTimeOffset To) Range = BusinessDays.Range(new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31));

    private static async IAsyncEnumerable<CustomerHistory> Stream(IEnumerable<CustomerHistory> customers)
    {
        foreach (var customer in customers)
        {
            await Task.Yield();
            yield return customer;
        }
    }

    /// <summary>Catalog A opens one window per fact; catalog B drops the first customer's and moves the last one's close.</summary>
    private sealed class FakeReplay : IWindowReplay
    {
        public IReadOnlyList<Window> Replay(string customerKey, IReadOnlyList<RecordedFact> facts, RuleCatalog catalog, DateTimeOffset from, DateTimeOffset to) =>
            facts
                .Where(_ => catalog.Version == "A" || customerKey != "k1-000")
                .Select((f, i) => new Window
                {
                    WindowId = Window.IdFor(customerKey, "R", $"x:{i}"), CustomerKey = customerKey, RuleId = "R", Anchor = $"x:{i}", CatalogVersion = catalog.Version,
                    OpensAt = f.RecordedAt, ClosesAt = f.RecordedAt.AddDays(catalog.Version == "B" && customerKey == "k1-099" ? 40 : 30),
                    Priority = 1, CoolOffDays = 0, CandidateOffers = [], Evidence = [], Reasons = [],
                })
                .ToList();
    }

    private static readonly RuleCatalog A = Histories.Catalog with { Version = "A" };
    private static readonly RuleCatalog B = Histories.Catalog with { Version = "B" };

    private static List<CustomerHistory> Customers(int count) =>
        Enumerable.Range(0, count).Select(i => Histories.Monthly($"k1-{i:D3}", new YearMonth(2025, 1), [.. Enumerable.Repeat(10000m, 1 + (i % 3))])).ToList();

    [Fact]
    public async Task Run_FakeReplay_CountsAndListsTheDifferences()
    {
        var result = await Backtester.RunAsync(Stream(Customers(100)), A, B, Range.From, Range.To, new BacktestOptions { Replay = new FakeReplay() });

        Assert.Equal(100, result.Customers);
        Assert.Equal(Customers(100).Sum(c => c.Facts.Count), result.Facts);
        Assert.Equal(1, result.Removed);
        Assert.Equal(1, result.Changed);
        Assert.Equal(0, result.Added);
        Assert.Equal(["k1-000", "k1-099"], result.Differences.Select(d => d.CustomerKey));
        var rule = result.Rules.Single(r => r.RuleId == "R");
        Assert.Equal(rule.WindowsA - 2, rule.Unchanged);
        Assert.Contains(result.Rules, r => r.RuleId == "IncomeUpgrade" && r.WindowsA == 0);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public async Task Run_InParallel_GivesTheSameResultAsOneAtATime(int parallelism)
    {
        var customers = Customers(300);
        var sequential = await Backtester.RunAsync(Stream(customers), A, B, Range.From, Range.To, new BacktestOptions { Replay = new FakeReplay() });
        var parallel = await Backtester.RunAsync(Stream(customers), A, B, Range.From, Range.To, new BacktestOptions { Replay = new FakeReplay(), Parallelism = parallelism });

        Assert.Equal(sequential.Rules, parallel.Rules);
        Assert.Equal(sequential.Differences.Select(d => (d.Kind, d.CustomerKey, d.Anchor)), parallel.Differences.Select(d => (d.Kind, d.CustomerKey, d.Anchor)));
    }

    [Fact]
    public async Task Run_Progress_IsReportedEveryNCustomersAndAtTheEnd()
    {
        var reports = new List<BacktestProgress>();
        var progress = new SyncProgress(reports.Add);

        await Backtester.RunAsync(Stream(Customers(25)), A, B, Range.From, Range.To, new BacktestOptions { Replay = new FakeReplay(), ProgressEvery = 10, TotalCustomers = 25 }, progress);

        Assert.Equal([10L, 20L, 25L], reports.Select(r => r.CustomersDone));
        Assert.Equal(1d, reports[^1].Fraction);
    }

    [Fact]
    public async Task Run_RangeEndsBeforeItStarts_IsRefused() =>
        await Assert.ThrowsAsync<ArgumentException>(() => Backtester.RunAsync(Stream([]), A, B, Range.To, Range.From));

    [Fact]
    public async Task Run_LowerGrowthThreshold_AddsTheWindowOfARaiseBetweenTheThresholds()
    {
        CustomerHistory[] customers = [Histories.RaiseInJanuary("k1-17pct", 11700m), Histories.RaiseInJanuary("k1-25pct", 12500m), Histories.RaiseInJanuary("k1-10pct", 11000m)];

        var result = await Backtester.RunAsync(Stream(customers), Histories.Catalog, Histories.WithMinGrowth(15m), Range.From, Range.To);

        var added = Assert.Single(result.Differences);
        Assert.Equal((DifferenceKind.Added, "k1-17pct", "2026-01"), (added.Kind, added.CustomerKey, added.Anchor));
        Assert.Equal(new RuleSummary("IncomeUpgrade", 1, 2, 1, 0, 0, 1), Assert.Single(result.Rules, r => r.RuleId == "IncomeUpgrade"));
        Assert.All(result.Rules.Where(r => r.RuleId != "IncomeUpgrade"), r => Assert.Equal(0, r.Added + r.Removed + r.Changed));
    }

    /// <summary>
    /// Generated fact sets: a year or two of provident-fund months per customer with raises, cuts, sector moves, suspended
    /// months, late and corrected reports, recorded at various times. Backtesting a catalog against itself reports nothing.
    /// </summary>
    [Fact]
    public void Run_CatalogAgainstItself_ReportsNoDifferences()
    {
        var month = Gen.Select(Gen.Int[-10, 40], Gen.OneOf(Gen.Const(EmployerSector.Private), Gen.Const(EmployerSector.Private), Gen.Const(EmployerSector.Government), Gen.Const(EmployerSector.SOE)), Gen.Int[0, 9], Gen.Int[0, 40], Gen.Bool);
        var customer = Gen.Select(Gen.Int[3000, 40000], Gen.Int[0, 30], month.Array[1, 30], (start, firstOffset, months) => (start, firstOffset, months));
        var customers = customer.Array[1, 12];
        long windows = 0;

        customers.Sample(generated =>
        {
            var histories = generated.Select((c, i) => History($"k1-{i:D2}", c.start, new YearMonth(2024, 1).AddMonths(c.firstOffset), c.months)).ToList();
            foreach (var parallelism in new[] { 1, 4 })
            {
                var result = Backtester.RunAsync(Stream(histories), Histories.Catalog, Histories.Catalog, Range.From, Range.To, new BacktestOptions { Parallelism = parallelism }).GetAwaiter().GetResult();

                Assert.Empty(result.Differences);
                Assert.All(result.Rules, r => Assert.True(r.WindowsA == r.WindowsB && r.Unchanged == r.WindowsA && r.Added + r.Removed + r.Changed == 0, r.ToString()));
                Interlocked.Add(ref windows, result.Rules.Sum(r => r.WindowsA));
            }
        }, iter: 200);

        // The generated histories must open windows, or the property would hold trivially.
        Assert.True(windows > 100, $"only {windows} windows in 200 samples");
    }

    /// <summary>Replaying two catalogs together (shared fold and tags) gives each the windows it gets alone.</summary>
    [Fact]
    public void ReplayBoth_SharedTags_SameWindowsAsReplayingEachAlone()
    {
        var month = Gen.Select(Gen.Int[-10, 40], Gen.OneOf(Gen.Const(EmployerSector.Private), Gen.Const(EmployerSector.Government)), Gen.Int[0, 9], Gen.Int[0, 40], Gen.Bool);
        var tuned = Histories.WithMinGrowth(12m);
        Gen.Select(Gen.Int[3000, 40000], Gen.Int[0, 30], month.Array[1, 30]).Sample(c =>
        {
            var history = History("k1-both", c.Item1, new YearMonth(2024, 1).AddMonths(c.Item2), c.Item3);
            var (a, b) = WindowReplay.Instance.ReplayBoth(history.CustomerKey, history.Facts, Histories.Catalog, tuned, Range.From, Range.To);
            var aloneA = WindowReplay.Instance.Replay(history.CustomerKey, history.Facts, Histories.Catalog, Range.From, Range.To);
            var aloneB = WindowReplay.Instance.Replay(history.CustomerKey, history.Facts, tuned, Range.From, Range.To);
            return a.Select(w => (w.WindowId, w.OpensAt, w.State)).SequenceEqual(aloneA.Select(w => (w.WindowId, w.OpensAt, w.State)))
                && b.Select(w => (w.WindowId, w.OpensAt, w.State)).SequenceEqual(aloneB.Select(w => (w.WindowId, w.OpensAt, w.State)));
        }, iter: 100);
    }

    private static CustomerHistory History(string customer, int startBase, YearMonth first, (int RaisePct, EmployerSector Sector, int Status, int Delay, bool Corrected)[] months)
    {
        var facts = new List<RecordedFact>();
        var contributionBase = (decimal)startBase;
        for (var i = 0; i < months.Length; i++)
        {
            var (raisePct, sector, status, delay, corrected) = months[i];
            var period = first.AddMonths(i);
            contributionBase = Math.Max(1000m, Math.Round(contributionBase * (1 + (raisePct > 25 ? raisePct : raisePct / 5) / 100m)));
            var recorded = Histories.RecordedFor(period, delay);
            var record = Facts.Contribution(period, contributionBase, sector, status == 0 ? ContributionStatus.Suspended : ContributionStatus.Normal, recorded.AddHours(-2), $"{customer}-{period}") with { CustomerKey = customer };
            facts.Add(new RecordedFact(record, recorded));
            if (corrected)
            {
                facts.Add(new RecordedFact(record with { ContributionBase = contributionBase * 1.1m, EvidenceHash = $"{customer}-{period}-fix", ReportedAt = recorded.AddDays(3) }, recorded.AddDays(3)));
            }
        }

        return new CustomerHistory(customer, facts);
    }

    private sealed class SyncProgress(Action<BacktestProgress> report) : IProgress<BacktestProgress>
    {
        public void Report(BacktestProgress value) => report(value);
    }
}
