using static LifeWindow.Domain.Profiles.TagNames;

namespace LifeWindow.Domain.Tests;

/// <summary>Anchor, cool-off, suppression, supersede and expiry, on catalog v1.</summary>
public class WindowDetectorTests
{
    private static readonly RuleCatalog Catalog = RuleCatalogLoader.LoadDefault();
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly YearMonth ThisMonth = new(2026, 11);

    private static readonly Dictionary<string, object> IncomeUp = new(StringComparer.Ordinal) { [IncomeGrowthPct] = 25m };

    private static Detection Detect(TagHistory history, DateTimeOffset now, params Window[] existing) =>
        WindowDetector.Detect(Catalog, Facts.Customer, history.At, now, existing);

    private static Window Stored(string ruleId, string anchor, DateTimeOffset opensAt, WindowState state = WindowState.Open, DateTimeOffset? changedAt = null, int? priority = null)
    {
        var rule = Catalog.Rule(ruleId);
        return new Window
        {
            WindowId = Window.IdFor(Facts.Customer, ruleId, anchor),
            CustomerKey = Facts.Customer,
            RuleId = ruleId,
            Category = rule.Category,
            Anchor = anchor,
            CatalogVersion = Catalog.Version,
            OpensAt = opensAt,
            ClosesAt = opensAt.AddDays(rule.WindowDays),
            Priority = priority ?? rule.Priority,
            CoolOffDays = rule.CoolOffDays,
            CandidateOffers = rule.Offers,
            Evidence = [],
            Reasons = ["test"],
            State = state,
            StateChangedAt = changedAt,
        };
    }

    private static Dictionary<string, object> Merge(params Dictionary<string, object>[] parts) =>
        parts.SelectMany(p => p).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private static Dictionary<string, object> One(string tag, object value) => new(StringComparer.Ordinal) { [tag] = value };

    // Anchor

    [Fact]
    public void Detect_ConditionHeldThreeMonths_AnchorsAtTheFirstMonthOnEveryEvaluation()
    {
        var history = TagHistory.Holding(IncomeUp, new YearMonth(2026, 9), new YearMonth(2026, 11));

        var ids = new[] { new DateTimeOffset(2026, 9, 20, 2, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 20, 2, 0, 0, TimeSpan.Zero), Now }
            .Select(at => Assert.Single(Detect(history, at).Opened))
            .ToList();

        Assert.All(ids, w => Assert.Equal("2026-09", w.Anchor));
        Assert.Single(ids.Select(w => w.WindowId).Distinct());
        Assert.Equal(Window.IdFor(Facts.Customer, "IncomeUpgrade", "2026-09"), ids[0].WindowId);
    }

    [Fact]
    public void Detect_ConditionBrokeForAMonth_AnchorsAfterTheBreak()
    {
        var history = TagHistory.Holding(IncomeUp, new YearMonth(2026, 5), new YearMonth(2026, 8))
            .Set(IncomeUp, new YearMonth(2026, 10), ThisMonth);

        Assert.Equal("2026-10", Assert.Single(Detect(history, Now).Opened).Anchor);
    }

    [Fact]
    public void Detect_ConditionHeldForYears_LooksBackOnlyAnchorLookbackMonths()
    {
        var history = TagHistory.Holding(IncomeUp, new YearMonth(2020, 1), ThisMonth);

        var window = Assert.Single(Detect(history, Now).Opened);

        Assert.Equal(ThisMonth.AddMonths(-Catalog.AnchorLookbackMonths).ToString(), window.Anchor);
    }

    [Fact]
    public void Detect_MonthEndInShanghai_IsJudgedInBusinessTime()
    {
        // 2026-10-31 23:59:59 in Shanghai is 15:59:59 UTC: that month end must see October's tags.
        var history = TagHistory.Holding(IncomeUp, new YearMonth(2026, 10), ThisMonth);

        Assert.Equal("2026-10", Assert.Single(Detect(history, Now).Opened).Anchor);
        Assert.Contains(history.Calls, c => c == new DateTimeOffset(2026, 10, 31, 16, 0, 0, TimeSpan.Zero).AddTicks(-1));
    }

    [Fact]
    public void Detect_ManyRulesHold_ComputesTagsOncePerMoment()
    {
        var tags = Merge(IncomeUp, One(TravelOrders, 10), One(AllocationDriftPp, 30m), One(LargestInflow7Days, 500000m));
        var history = TagHistory.Holding(tags, new YearMonth(2026, 1), ThisMonth);

        var detection = Detect(history, Now);

        Assert.Equal(4, detection.Opened.Count);
        Assert.Equal(history.Calls.Count, history.Calls.Distinct().Count());
        Assert.Equal(12, history.Calls.Count); // now, the ends of October back to January, and December 2025 where the run breaks
    }

    // Open window, cool-off

    [Fact]
    public void Detect_RuleHasAnOpenWindow_OpensNothingNew()
    {
        var history = TagHistory.Holding(IncomeUp, new YearMonth(2026, 10), ThisMonth);
        var open = Stored("IncomeUpgrade", "2026-10", Now.AddDays(-5));

        var detection = Detect(history, Now, open);

        Assert.Empty(detection.Opened);
        Assert.Empty(detection.Changes);
    }

    [Fact]
    public void Detect_WindowLeftOpenTenDaysAgo_IsNotReopenedDuringCoolOff()
    {
        var history = TagHistory.Holding(IncomeUp, new YearMonth(2026, 6), ThisMonth);
        var expired = Stored("IncomeUpgrade", "2026-06", new DateTimeOffset(2026, 6, 10, 2, 0, 0, TimeSpan.Zero), WindowState.Expired);

        Assert.Empty(Detect(history, expired.ClosesAt.AddDays(10), expired).Opened);
    }

    [Fact]
    public void Detect_ActedWindowWithinCoolOff_IsNotReopened()
    {
        var history = TagHistory.Holding(IncomeUp, new YearMonth(2026, 6), ThisMonth);
        var acted = Stored("IncomeUpgrade", "2026-10", new DateTimeOffset(2026, 10, 1, 2, 0, 0, TimeSpan.Zero), WindowState.Acted, changedAt: Now.AddDays(-10));

        Assert.Empty(Detect(history, Now, acted).Opened);
    }

    [Fact]
    public void Detect_SuppressedWindowAfterTheRiskClears_WaitsOutTheCoolOff()
    {
        var history = TagHistory.Holding(IncomeUp, new YearMonth(2026, 6), ThisMonth);
        var suppressed = Stored("IncomeUpgrade", "2026-10", new DateTimeOffset(2026, 10, 30, 2, 0, 0, TimeSpan.Zero), WindowState.Suppressed, changedAt: Now.AddDays(-10));

        Assert.Empty(Detect(history, Now, suppressed).Opened);
    }

    [Fact]
    public void Detect_ConditionHeldThroughTheCoolOff_IsTheSameEventAndNeverReopens()
    {
        var history = TagHistory.Holding(IncomeUp, new YearMonth(2026, 6), new YearMonth(2027, 3));
        var expired = Stored("IncomeUpgrade", "2026-06", new DateTimeOffset(2026, 6, 10, 2, 0, 0, TimeSpan.Zero), WindowState.Expired);
        var afterCoolOff = expired.ClosesAt.AddDays(Catalog.Rule("IncomeUpgrade").CoolOffDays);

        Assert.Empty(Detect(history, afterCoolOff, expired).Opened);
    }

    [Fact]
    public void Detect_ConditionBrokeAndHoldsAgainAfterTheCoolOff_OpensWithANewAnchor()
    {
        var history = TagHistory.Holding(IncomeUp, new YearMonth(2026, 6), new YearMonth(2026, 7)).Set(IncomeUp, new YearMonth(2026, 10), new YearMonth(2027, 3));
        var expired = Stored("IncomeUpgrade", "2026-06", new DateTimeOffset(2026, 6, 10, 2, 0, 0, TimeSpan.Zero), WindowState.Expired);
        var afterCoolOff = expired.ClosesAt.AddDays(Catalog.Rule("IncomeUpgrade").CoolOffDays);

        var window = Assert.Single(Detect(history, afterCoolOff, expired).Opened);

        Assert.Equal("2026-10", window.Anchor); // the run that began again in October
        Assert.NotEqual(expired.WindowId, window.WindowId);
        Assert.Empty(Detect(history, afterCoolOff.AddDays(-1), expired).Opened); // still cooling off
    }

    [Fact]
    public void Detect_ConditionHeldLongerThanTheLookback_KeepsTheEarlierWindowsAnchor()
    {
        var history = TagHistory.Holding(IncomeUp, new YearMonth(2023, 1), new YearMonth(2027, 12));
        var old = Stored("IncomeUpgrade", "2023-01", new DateTimeOffset(2023, 1, 10, 2, 0, 0, TimeSpan.Zero), WindowState.Expired);

        Assert.Empty(Detect(history, Now, old).Opened);
    }

    [Fact]
    public void Detect_OpenWindowPastItsClose_ExpiresAndCountsAsClosedForCoolOff()
    {
        var history = TagHistory.Holding(IncomeUp, new YearMonth(2026, 9), ThisMonth);
        var stale = Stored("IncomeUpgrade", "2026-08", Now.AddDays(-40)); // an earlier run's window, so its id cannot mask the cool-off

        var detection = Detect(history, Now, stale);

        var change = Assert.Single(detection.Changes);
        Assert.Equal(WindowState.Expired, change.NewState);
        Assert.Equal(stale.WindowId, change.Window.WindowId);
        Assert.Empty(detection.Opened);
    }

    [Fact]
    public void Detect_OpenWindowBeforeItsClose_IsNotExpired()
    {
        var open = Stored("TravelConsumption", "2026-11", Now.AddDays(-29));

        Assert.Empty(Detect(new TagHistory(), Now, open).Changes);
        Assert.Equal(WindowState.Expired, Assert.Single(Detect(new TagHistory(), open.ClosesAt, open).Changes).NewState);
    }

    // Risk suppression

    [Fact]
    public void Detect_IncomeRisk_SuppressesMarketingButOpensRiskAndService()
    {
        var tags = Merge(IncomeUp, One(ProvidentFundStatus, "Suspended"), One(AllocationDriftPp, 30m));
        var travel = Stored("TravelConsumption", "2026-11", Now.AddDays(-3));

        var detection = Detect(TagHistory.Holding(tags, ThisMonth, ThisMonth), Now, travel);

        Assert.Equal(["IncomeRisk", "Rebalance"], detection.Opened.Select(w => w.RuleId).Order(StringComparer.Ordinal));
        var change = Assert.Single(detection.Changes);
        Assert.Equal(travel.WindowId, change.Window.WindowId);
        Assert.Equal(WindowState.Suppressed, change.NewState);
        Assert.Contains("IncomeRisk", change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_Overdue_SuppressesMarketingButOpensRisk()
    {
        var tags = Merge(IncomeUp, One(CurrentDaysPastDue, 1), One(Intents, new[] { "RepaymentPressure" }));
        var upgrade = Stored("IncomeUpgrade", "2026-10", Now.AddDays(-3));

        var detection = Detect(TagHistory.Holding(tags, ThisMonth, ThisMonth), Now, upgrade);

        Assert.Equal("RepaymentStress", Assert.Single(detection.Opened).RuleId);
        var change = Assert.Single(detection.Changes);
        Assert.Equal(WindowState.Suppressed, change.NewState);
        Assert.Contains("CurrentDaysPastDue", change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_OverdueSignalAlone_SuppressesWithoutARiskRule()
    {
        var tags = Merge(IncomeUp, One(CurrentDaysPastDue, 1));

        var detection = Detect(TagHistory.Holding(tags, ThisMonth, ThisMonth), Now);

        Assert.Empty(detection.Opened);
    }

    [Fact]
    public void Detect_ComplaintHeard_SuppressesMarketingAndOpensTheFollowUp()
    {
        var tags = Merge(IncomeUp, One(Intents, new[] { "Complaint", "TravelPlan" }));
        var travel = Stored("TravelConsumption", "2026-11", Now.AddDays(-3));

        var detection = Detect(TagHistory.Holding(tags, ThisMonth, ThisMonth), Now, travel);

        Assert.Equal("ComplaintFollowUp", Assert.Single(detection.Opened).RuleId);
        var change = Assert.Single(detection.Changes);
        Assert.Equal(travel.WindowId, change.Window.WindowId);
        Assert.Equal(WindowState.Suppressed, change.NewState);
        Assert.Contains("Intents", change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_NoArrears_MarketingOpens()
    {
        var tags = Merge(IncomeUp, One(CurrentDaysPastDue, 0));
        var open = Stored("TravelConsumption", "2026-11", Now.AddDays(-3));

        var detection = Detect(TagHistory.Holding(tags, ThisMonth, ThisMonth), Now, open);

        Assert.Equal("IncomeUpgrade", Assert.Single(detection.Opened).RuleId);
        Assert.Empty(detection.Changes);
    }

    // Supersede

    [Fact]
    public void Detect_HigherPriorityWindowSharesAnOffer_SupersedesTheOlder()
    {
        var older = Stored("BusinessOrUpgrade", "2026-10", Now.AddDays(-10));
        Assert.True(Catalog.Rule("HomeEquity").Priority > older.Priority, "premise: HomeEquity outranks BusinessOrUpgrade");
        var tags = One(PropertyAppreciationPct, 50m);

        var detection = Detect(TagHistory.Holding(tags, ThisMonth, ThisMonth), Now, older);

        var opened = Assert.Single(detection.Opened);
        Assert.Equal("HomeEquity", opened.RuleId);
        var change = Assert.Single(detection.Changes);
        Assert.Equal(older.WindowId, change.Window.WindowId);
        Assert.Equal(WindowState.Superseded, change.NewState);
        Assert.Contains("HomeEquityLoan", change.Reason, StringComparison.Ordinal);
        Assert.Contains(opened.WindowId, change.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_OlderWindowOutranksTheNewOne_IsNotSuperseded()
    {
        var older = Stored("BusinessOrUpgrade", "2026-10", Now.AddDays(-10), priority: 99);

        var detection = Detect(TagHistory.Holding(One(PropertyAppreciationPct, 50m), ThisMonth, ThisMonth), Now, older);

        Assert.Single(detection.Opened);
        Assert.Empty(detection.Changes);
    }

    [Fact]
    public void Detect_NoSharedOffer_IsNotSuperseded()
    {
        var older = Stored("TravelConsumption", "2026-11", Now.AddDays(-3), priority: 1);

        var detection = Detect(TagHistory.Holding(One(PropertyAppreciationPct, 50m), ThisMonth, ThisMonth), Now, older);

        Assert.Single(detection.Opened);
        Assert.Empty(detection.Changes);
    }

    // Window contents

    [Theory]
    [InlineData(0, "近期转入体制内单位缴存公积金")]
    [InlineData(22.5, "近期转入体制内单位缴存公积金，公积金缴存基数同比上涨22.5%")]
    public void Detect_MoveToPublicSector_ReasonMentionsGrowthOnlyWhenThereIsSome(double growth, string reason)
    {
        var tags = Merge(One(MovedToPublicSector, true), One(PublicSector, true), One(IncomeGrowthPct, (decimal)growth));

        var window = Assert.Single(Detect(TagHistory.Holding(tags, ThisMonth, ThisMonth), Now).Opened);

        Assert.Equal(reason, Assert.Single(window.Reasons));
    }

    [Fact]
    public void Detect_AnyWithOneBranchHeld_CitesOnlyThatBranchesEvidence()
    {
        var tags = Merge(One(PropertyAppreciationPct, 50m), One(NetEquity, 1000000m), One(Aum, 10m));

        var window = Assert.Single(Detect(TagHistory.Holding(tags, ThisMonth, ThisMonth), Now).Opened);

        Assert.Equal(["ev-PropertyAppreciationPct"], window.Evidence);
        Assert.Equal("房产估值较购买时上涨50%，房产净值100万元", Assert.Single(window.Reasons));
        Assert.Equal(RuleCategory.Marketing, window.Category);
        Assert.Equal(Now, window.OpensAt);
        Assert.Equal(WindowState.Open, window.State);
    }

    [Fact]
    public void IdFor_IsDeterministicAndDistinguishesItsParts()
    {
        var id = Window.IdFor("k1-a", "IncomeUpgrade", "2026-10");
        Assert.Equal(id, Window.IdFor("k1-a", "IncomeUpgrade", "2026-10"));
        Assert.NotEqual(id, Window.IdFor("k1-b", "IncomeUpgrade", "2026-10"));
        Assert.NotEqual(id, Window.IdFor("k1-a", "IncomeUpgrade", "2026-11"));
        Assert.Matches("^w-[0-9a-f]{32}$", id);
    }

    [Fact]
    public void TagsRead_NamesTheConditionsTheReasonsAndTheSuppression()
    {
        var rule = Catalog.Rule("IncomeUpgrade") with
        {
            When = new AllCondition([new TagCondition(Dti, ConditionOp.Lt, new Operand { Number = 40m }), new NotCondition(new TagCondition(Scenes, ConditionOp.Contains, new Operand { Text = "Travel" }))]),
            Reason = "月收入{{ MonthlyIncome }}，{% for s in Scenes %}{{ s }}{% endfor %}",
        };
        var catalog = Catalog with { Rules = [rule] };

        Assert.Equal([CurrentDaysPastDue, Dti, Intents, MonthlyIncome, Scenes], WindowDetector.TagsRead(catalog).Order(StringComparer.Ordinal));
        Assert.Contains(IncomeGrowthPct, WindowDetector.TagsRead(Catalog));
    }
}
