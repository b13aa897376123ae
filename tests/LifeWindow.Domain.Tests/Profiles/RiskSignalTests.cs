using static LifeWindow.Domain.Tests.Profiles.Records;

namespace LifeWindow.Domain.Tests.Profiles;

/// <summary>
/// The risk-signal tags (docs/risk-side.md) computed from the facts the feeds carry, and the limit-review windows the
/// shipped catalog opens and clears on them: arrears, a debt surge across products, an income drop, abnormal fund flows.
/// </summary>
public class RiskSignalTests
{
    private static readonly RuleCatalog Catalog = RuleCatalogLoader.LoadDefault();

    private static decimal? Number(TagSet tags, string name) => tags.Get(name)?.Number;

    [Fact]
    public void OverdueDaysNow_LoanLateLastMonthCurrentNow_WorstOfMortgageAndLoansAsOfEachDay()
    {
        var profile = Fold([Mortgage(800_000m, new DateOnly(2020, 1, 15)), Repayment(new DateOnly(2026, 11, 15), daysPastDue: 3),
            Loan("L-1", 90_000m, 3_000m, 45, new DateOnly(2026, 10, 20)), Loan("L-1", 88_000m, 3_000m, 0, new DateOnly(2026, 11, 20))]);

        Assert.Equal(45m, Number(TagsAt(profile, WindowDetector.EndOfMonth(new YearMonth(2026, 10))), TagNames.OverdueDaysNow));
        Assert.Equal(3m, Number(TagsAt(profile, Now), TagNames.OverdueDaysNow)); // the loan is current again; the mortgage is 3 days late
    }

    [Fact]
    public void OverdueDaysNow_NoMortgageInstalmentsNorLoans_IsAbsent() =>
        Assert.Null(TagsAt(Fold([Payroll(new DateOnly(2026, 10, 10), 20_000m)]), Now).Get(TagNames.OverdueDaysNow));

    [Fact]
    public void DebtGrowth3MonthsPct_NewLoanWithinThreeMonths_ComparesDebtAcrossProducts()
    {
        var profile = Fold([Mortgage(400_000m, new DateOnly(2020, 1, 15)),
            Loan("L-1", 100_000m, 2_000m, 0, new DateOnly(2026, 7, 31)), Loan("L-1", 100_000m, 2_000m, 0, new DateOnly(2026, 11, 1)),
            Loan("L-2", 300_000m, 6_000m, 0, new DateOnly(2026, 10, 15))]);

        var tags = TagsAt(profile, Now);

        Assert.Equal(800_000m, Number(tags, TagNames.TotalDebt));
        Assert.Equal(60m, Number(tags, TagNames.DebtGrowth3MonthsPct)); // 500,000 on 2026-08-24 → 800,000
        Assert.Equal(25m, Number(TagsAt(profile, WindowDetector.EndOfMonth(new YearMonth(2026, 9))), TagNames.DebtGrowth3MonthsPct)); // before L-2: 400,000 in June → 500,000
    }

    [Fact]
    public void DebtGrowth3MonthsPct_NoDebtThreeMonthsAgo_IsAbsent()
    {
        var tags = TagsAt(Fold([Loan("L-2", 300_000m, 6_000m, 0, new DateOnly(2026, 10, 15))]), Now);

        Assert.Equal(300_000m, Number(tags, TagNames.TotalDebt));
        Assert.Null(tags.Get(TagNames.DebtGrowth3MonthsPct));
    }

    [Fact]
    public void IncomeDropPct_BaseAndPayrollDown_TheLargerFallOfCompleteMonths()
    {
        List<FeedRecord> records = [Pf(new YearMonth(2025, 11), 20_000m), Pf(new YearMonth(2026, 11), 13_000m)];
        foreach (var month in new[] { 8, 9, 10 })
        {
            records.Add(Payroll(new DateOnly(2025, month, 10), 20_000m));
            records.Add(Payroll(new DateOnly(2026, month, 10), 12_000m));
        }

        var tags = TagsAt(Fold(records), Now);

        Assert.Equal(40m, Number(tags, TagNames.IncomeDropPct)); // payroll's median month 20,000 → 12,000 beats the base's 35%
        Assert.Equal(-30m, Number(TagsAt(Fold([Pf(new YearMonth(2025, 11), 10_000m), Pf(new YearMonth(2026, 11), 13_000m)]), Now), TagNames.IncomeDropPct));
    }

    [Fact]
    public void IncomeDropPct_SalaryNotYetCreditedThisMonth_IsNoFall()
    {
        List<FeedRecord> records = [];
        foreach (var month in new[] { 8, 9, 10 })
        {
            records.Add(Payroll(new DateOnly(2025, month, 10), 20_000m));
            records.Add(Payroll(new DateOnly(2026, month, 10), 20_000m));
        }

        records.Add(Payroll(new DateOnly(2025, 11, 10), 20_000m)); // a year ago November was paid; this November not yet

        Assert.Equal(0m, Number(TagsAt(Fold(records), Now), TagNames.IncomeDropPct));
    }

    [Fact]
    public void IncomeDropPct_BonusMonthAYearAgo_IsNoFall()
    {
        List<FeedRecord> records = [Payroll(new DateOnly(2025, 8, 10), 20_000m), Payroll(new DateOnly(2025, 9, 10), 20_000m), Payroll(new DateOnly(2025, 10, 10), 20_000m), Payroll(new DateOnly(2025, 10, 25), 40_000m)];
        foreach (var month in new[] { 8, 9, 10 })
        {
            records.Add(Payroll(new DateOnly(2026, month, 10), 19_000m));
        }

        Assert.Equal(5m, Number(TagsAt(Fold(records), Now), TagNames.IncomeDropPct)); // median 20,000 → 19,000, not 100,000 → 57,000
    }

    [Fact]
    public void FundFlows_InAndOutWithinAWeek_PassThroughOutflowAndIncomeMultiple()
    {
        var profile = Fold([Payroll(new DateOnly(2026, 10, 10), 20_000m), Payroll(new DateOnly(2026, 11, 10), 20_000m), Payroll(new DateOnly(2026, 9, 10), 20_000m),
            Transfer(At(2026, 11, 20), 600_000m, FlowDirection.In), Transfer(At(2026, 11, 21), 580_000m, FlowDirection.Out)]);

        var tags = TagsAt(profile, Now);

        Assert.Equal(580_000m, Number(tags, TagNames.PassThrough7Days));
        Assert.Equal(580_000m, Number(tags, TagNames.LargeOutflow30Days));
        Assert.Equal(29m, Number(tags, TagNames.OutflowIncomeMultiple)); // payroll 20,000 a month
        Assert.Null(TagsAt(profile, Now.AddDays(7)).Get(TagNames.PassThrough7Days));
    }

    [Fact]
    public void Detect_LoanFortyFiveDaysLate_OpensASevereLimitReviewThatClearsWhenPaid()
    {
        var late = Fold([Loan("L-1", 90_000m, 3_000m, 45, new DateOnly(2026, 11, 20))]);

        var opened = Assert.Single(Detect(late, Now, []).Opened);

        Assert.Equal(("OverdueRisk", LimitReviewSeverity.Severe), (opened.RuleId, opened.LimitReview));
        Assert.Equal("贷款当前逾期45天，冻结备用金可用额度并复核", Assert.Single(opened.Reasons));
        var paid = Fold([Loan("L-1", 90_000m, 3_000m, 45, new DateOnly(2026, 11, 20)), Loan("L-1", 87_000m, 3_000m, 0, new DateOnly(2026, 11, 23))]);
        var change = Assert.Single(Detect(paid, Now, [opened]).Changes);
        Assert.Equal(WindowState.Cleared, change.NewState);
        Assert.Empty(Detect(late, Now.AddDays(1), [opened]).Changes); // still late: the review goes on
    }

    [Fact]
    public void Detect_SecondSignalOfHigherPriority_DoesNotSupersedeTheFirstReview()
    {
        var records = new List<FeedRecord> { Mortgage(400_000m, new DateOnly(2020, 1, 15)), Loan("L-1", 100_000m, 2_000m, 0, new DateOnly(2026, 7, 31)), Loan("L-2", 300_000m, 6_000m, 0, new DateOnly(2026, 10, 15)) };
        var surge = Assert.Single(Detect(Fold(records), Now, []).Opened);
        Assert.Equal(("DebtSurge", LimitReviewSeverity.Moderate), (surge.RuleId, surge.LimitReview));

        records.Add(Loan("L-1", 100_000m, 2_000m, 40, new DateOnly(2026, 11, 23)));
        var detection = Detect(Fold(records), Now.AddDays(1), [surge]);

        Assert.Equal("OverdueRisk", Assert.Single(detection.Opened).RuleId);
        Assert.Empty(detection.Changes);
    }

    private static Detection Detect(CustomerProfile profile, DateTimeOffset now, IReadOnlyCollection<Window> existing) =>
        WindowDetector.Detect(Catalog, Customer, asOf => TagsAt(profile, asOf), now, existing);
}
