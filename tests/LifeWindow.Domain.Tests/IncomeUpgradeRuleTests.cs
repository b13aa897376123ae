using LifeWindow.Domain.Feeds;
using LifeWindow.Domain.Profiles;
using LifeWindow.Domain.Time;
using LifeWindow.Domain.Windows;

namespace LifeWindow.Domain.Tests;

public class IncomeUpgradeRuleTests
{
    private static readonly RuleCatalog Catalog = RuleCatalogLoader.LoadDefault();
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly YearMonth Latest = new(2026, 10);

    private static CustomerProfile Profile(IEnumerable<FeedRecord> records) =>
        records.Aggregate(CustomerProfile.Empty(Facts.Customer), (p, r) => ProfileFolder.Fold(p, r, Now, Catalog.Tags).Profile);

    [Fact]
    public void Detect_BaseUpExactlyTwentyPercent_OpensAThirtyDayWindow()
    {
        var window = Assert.Single(WindowDetector.Detect(Profile(Facts.Year(Latest, 10000m, 12000m)), Catalog, Now));

        Assert.Equal(IncomeUpgradeRule.RuleId, window.RuleId);
        Assert.Equal("pf:2026-10", window.Anchor);
        Assert.Equal(Now, window.OpensAt);
        Assert.Equal(Now.AddDays(30), window.ClosesAt);
        Assert.Equal("v1", window.CatalogVersion);
        Assert.Equal(["LimitUpgradeReview"], window.CandidateOffers);
        Assert.Equal(2, window.Evidence.Count);
        Assert.Contains("20%", Assert.Single(window.Reasons), StringComparison.Ordinal);
        Assert.Equal(WindowState.Open, window.State);
    }

    [Fact]
    public void Detect_BaseUpJustUnderTwentyPercent_OpensNothing() =>
        Assert.Empty(WindowDetector.Detect(Profile(Facts.Year(Latest, 10000m, 11999m)), Catalog, Now));

    [Fact]
    public void Detect_NoMonthAYearEarlier_OpensNothing() =>
        Assert.Empty(WindowDetector.Detect(Profile(Facts.Year(Latest, 10000m, 20000m).Skip(1)), Catalog, Now));

    [Fact]
    public void Detect_MoveToPublicInstitution_OpensWindowWithoutGrowth()
    {
        var window = Assert.Single(WindowDetector.Detect(
            Profile(Facts.Year(Latest, 10000m, 10000m, EmployerSector.Private, EmployerSector.PublicInstitution)), Catalog, Now));
        Assert.Contains("体制内", Assert.Single(window.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_AlwaysPublicSector_IsNoMove() =>
        Assert.Empty(WindowDetector.Detect(Profile(Facts.Year(Latest, 10000m, 10000m, EmployerSector.Government)), Catalog, Now));

    [Fact]
    public void Detect_ConditionHoldsAnotherMonth_KeepsTheSameWindowId()
    {
        var records = Facts.Year(Latest, 10000m, 12000m);
        var first = Assert.Single(WindowDetector.Detect(Profile(records), Catalog, Now));

        records.Add(Facts.Contribution(Latest.AddMonths(1), 12000m));
        records.Add(Facts.Contribution(Latest.AddMonths(-11), 10000m, evidence: "ignored-duplicate-month"));
        var next = Assert.Single(WindowDetector.Detect(Profile(records), Catalog, Now.AddDays(31)));

        Assert.Equal(first.WindowId, next.WindowId);
        Assert.Equal(first.Anchor, next.Anchor);
    }

    [Fact]
    public void IdFor_IsDeterministicAndDistinguishesItsParts()
    {
        var id = Window.IdFor("k1-a", "IncomeUpgrade", "pf:2026-10");
        Assert.Equal(id, Window.IdFor("k1-a", "IncomeUpgrade", "pf:2026-10"));
        Assert.NotEqual(id, Window.IdFor("k1-b", "IncomeUpgrade", "pf:2026-10"));
        Assert.NotEqual(id, Window.IdFor("k1-a", "IncomeUpgrade", "pf:2026-11"));
        Assert.Matches("^w-[0-9a-f]{32}$", id);
    }
}
