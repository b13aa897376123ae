namespace LifeWindow.Domain.Tests.Backtests;

public class BacktestComparerTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 12, 23, 59, 59, TimeSpan.FromHours(8));

    private static Window W(string customer, string anchor, string rule = "IncomeUpgrade", int days = 30, int priority = 50, string[]? offers = null) => new()
    {
        WindowId = Window.IdFor(customer, rule, anchor), CustomerKey = customer, RuleId = rule, Anchor = anchor, CatalogVersion = "v1",
        OpensAt = At, ClosesAt = At.AddDays(days), Priority = priority, CoolOffDays = 90, CandidateOffers = offers ?? ["LimitUpgradeReview"],
        Evidence = ["e"], Reasons = ["r"],
    };

    [Fact]
    public void Compare_SameWindows_NoDifferencesAllUnchanged()
    {
        var windows = new[] { W("k1-a", "pf:2026-01"), W("k1-b", "pf:2026-02") };

        var comparison = BacktestComparer.Compare(windows, windows.Select(w => w with { CatalogVersion = "v2", Reasons = ["other words"] }));

        Assert.Empty(comparison.Differences);
        Assert.Equal(new RuleSummary("IncomeUpgrade", 2, 2, 0, 0, 0, 2), Assert.Single(comparison.Rules));
    }

    [Fact]
    public void Compare_AddedRemovedChanged_AreReportedSortedWithTheChangedFields()
    {
        Window[] a = [W("k1-b", "pf:2026-01"), W("k1-a", "pf:2026-02"), W("k1-c", "pf:2026-03")];
        Window[] b = [W("k1-c", "pf:2026-03", days: 45, priority: 60, offers: ["LimitUpgradeReview", "Other"]), W("k1-a", "pf:2026-01"), W("k1-a", "pf:2026-02")];

        var comparison = BacktestComparer.Compare(a, b);

        Assert.Equal(
            [(DifferenceKind.Added, "k1-a", "pf:2026-01"), (DifferenceKind.Removed, "k1-b", "pf:2026-01"), (DifferenceKind.Changed, "k1-c", "pf:2026-03")],
            comparison.Differences.Select(d => (d.Kind, d.CustomerKey, d.Anchor)));
        Assert.Equal(["ClosesAt", "Priority", "CandidateOffers"], comparison.Differences[2].ChangedFields);
        Assert.Equal(new RuleSummary("IncomeUpgrade", 3, 3, 1, 1, 1, 1), Assert.Single(comparison.Rules));
    }

    [Fact]
    public void Compare_OpenedAtAnotherTime_IsAChangeOfOpensAt()
    {
        var later = W("k1-a", "pf:2026-01") with { OpensAt = At.AddDays(1), ClosesAt = At.AddDays(31) };

        var difference = Assert.Single(BacktestComparer.Compare([W("k1-a", "pf:2026-01")], [later]).Differences);

        Assert.Equal(["OpensAt", "ClosesAt"], difference.ChangedFields);
    }

    [Fact]
    public void Compare_RulesOfTheCatalogsWithoutWindows_AreListedWithZeros()
    {
        var comparison = BacktestComparer.Compare([W("k1-a", "x", rule: "B")], [], ["C", "A"]);

        Assert.Equal(["A", "B", "C"], comparison.Rules.Select(r => r.RuleId));
        Assert.Equal(new RuleSummary("B", 1, 0, 0, 1, 0, 0), comparison.Rules[1]);
    }

    [Fact]
    public void Merge_SummariesOfSeveralCustomers_AddUpPerRule() =>
        Assert.Equal(
            [new RuleSummary("A", 3, 4, 1, 0, 1, 1), new RuleSummary("B", 1, 1, 0, 0, 0, 1)],
            BacktestComparer.Merge([new RuleSummary("B", 1, 1, 0, 0, 0, 1), new RuleSummary("A", 1, 2, 1, 0, 0, 1), new RuleSummary("A", 2, 2, 0, 0, 1, 0)]));
}
