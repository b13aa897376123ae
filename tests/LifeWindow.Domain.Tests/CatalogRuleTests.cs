using static LifeWindow.Domain.Profiles.TagNames;

namespace LifeWindow.Domain.Tests;

/// <summary>
/// Every rule of catalog v1 against a customer who just qualifies and customers who just miss each
/// threshold. Numbers are read from the shipped catalog (r.T("name")), so these cases follow a new
/// threshold instead of restating it.
/// </summary>
public class CatalogRuleTests
{
    private const decimal Cent = 0.01m;
    private static readonly RuleCatalog Catalog = RuleCatalogLoader.LoadDefault();
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly YearMonth ThisMonth = new(2026, 11);

    private static readonly RuleCase[] Cases =
    [
        Opens("DecorationPreApproval", "seasoning just met", r => Tags((MortgageSeasoningMonths, r.T("minSeasoningMonths")))),
        Misses("DecorationPreApproval", "seasoning a month short", r => Tags((MortgageSeasoningMonths, r.T("minSeasoningMonths") - 1))),
        Opens("DecorationPreApproval", "transfer on the last day", r => Tags((DaysSinceTransfer, r.T("maxDaysSinceTransfer")))),
        Misses("DecorationPreApproval", "transfer a day too old", r => Tags((DaysSinceTransfer, r.T("maxDaysSinceTransfer") + 1))),

        Opens("BusinessOrUpgrade", "both just met", r => BusinessOrUpgrade(r)),
        Misses("BusinessOrUpgrade", "on-time streak a month short", r => With(BusinessOrUpgrade(r), OnTimeStreakMonths, r.T("minOnTimeMonths") - 1)),
        Misses("BusinessOrUpgrade", "growth exactly at the threshold", r => With(BusinessOrUpgrade(r), IncomeGrowthPct, r.T("minIncomeGrowthPct"))),

        Opens("RetirementWealth", "both just met", r => RetirementWealth(r)),
        Misses("RetirementWealth", "a month too many left", r => With(RetirementWealth(r), RemainingTermMonths, r.T("maxRemainingTermMonths") + 1)),
        Misses("RetirementWealth", "household AUM exactly at the threshold", r => With(RetirementWealth(r), HouseholdAum, r.T("minHouseholdAum"))),

        Opens("HomeEquity", "appreciation just met", r => Tags((PropertyAppreciationPct, r.T("minAppreciationPct")))),
        Misses("HomeEquity", "appreciation a cent short", r => Tags((PropertyAppreciationPct, r.T("minAppreciationPct") - Cent))),
        Opens("HomeEquity", "net equity just met", r => Tags((NetEquity, r.T("minNetEquity")))),
        Misses("HomeEquity", "net equity a yuan short", r => Tags((NetEquity, r.T("minNetEquity") - 1))),

        Opens("MicroBusinessLoan", "all just met", r => MicroBusiness(r)),
        Misses("MicroBusinessLoan", "not a business owner", r => With(MicroBusiness(r), CustomerGroup, new[] { "Salaried" })),
        Misses("MicroBusinessLoan", "revenue stable a month short", r => With(MicroBusiness(r), StableRevenueMonths, r.T("minStableRevenueMonths") - 1)),
        Misses("MicroBusinessLoan", "a day overdue in 12 months", r => With(MicroBusiness(r), MaxDaysPastDue12Months, r.T("maxDaysPastDue12Months") + 1)),

        Opens("EducationReserve", "university bound", _ => Tags((FamilyStage, "UniversityBound"))),
        Misses("EducationReserve", "school-age child", _ => Tags((FamilyStage, "SchoolAgeChild"))),
        Opens("EducationReserve", "maternal-baby scene", _ => Tags((Scenes, new[] { "Dining", "MaternalBaby" }))),
        Misses("EducationReserve", "other scenes only", _ => Tags((Scenes, new[] { "Dining", "Travel" }))),

        Opens("TravelConsumption", "orders just met", r => Tags((TravelOrders, r.T("minTravelOrders")))),
        Misses("TravelConsumption", "an order short", r => Tags((TravelOrders, r.T("minTravelOrders") - 1))),
        Opens("TravelConsumption", "travel plan heard, few orders", r => Tags((TravelOrders, r.T("minTravelOrders") - 1), (Intents, new[] { "TravelPlan" }))),
        Misses("TravelConsumption", "other intent heard, few orders", r => Tags((TravelOrders, r.T("minTravelOrders") - 1), (Intents, new[] { "ChildUniversity" }))),

        Opens("ReverseMortgage", "all just met", r => ReverseMortgage(r)),
        Misses("ReverseMortgage", "aged 51-64", r => With(ReverseMortgage(r), AgeBand, "51-64")),
        Misses("ReverseMortgage", "mortgage not released", r => With(ReverseMortgage(r), MortgageReleased, false)),
        Misses("ReverseMortgage", "property a yuan under", r => With(ReverseMortgage(r), PropertyValue, r.T("minPropertyValue") - 1)),
        Misses("ReverseMortgage", "income exactly at the cap", r => With(ReverseMortgage(r), MonthlyIncome, r.T("maxMonthlyIncome"))),

        Opens("IncomeUpgrade", "growth just met", r => Tags((IncomeGrowthPct, r.T("minIncomeGrowthPct")))),
        Misses("IncomeUpgrade", "growth a cent short", r => Tags((IncomeGrowthPct, r.T("minIncomeGrowthPct") - Cent))),
        Opens("IncomeUpgrade", "moved to the public sector", _ => Tags((MovedToPublicSector, true), (PublicSector, true))),
        Misses("IncomeUpgrade", "always public sector", _ => Tags((MovedToPublicSector, false), (PublicSector, true))),

        Opens("IncomeRisk", "contributions suspended", _ => Tags((ProvidentFundStatus, "Suspended"))),
        Opens("IncomeRisk", "account closed", _ => Tags((ProvidentFundStatus, "Closed"))),
        Misses("IncomeRisk", "contributions normal", _ => Tags((ProvidentFundStatus, "Normal"))),

        Opens("OverdueRisk", "overdue just met", r => Tags((OverdueDaysNow, r.T("minOverdueDays")))),
        Misses("OverdueRisk", "overdue a day short", r => Tags((OverdueDaysNow, r.T("minOverdueDays") - 1))),

        Opens("DebtSurge", "both just met", r => DebtSurge(r)),
        Misses("DebtSurge", "growth a cent short", r => With(DebtSurge(r), DebtGrowth3MonthsPct, r.T("minDebtGrowthPct") - Cent)),
        Misses("DebtSurge", "debt a yuan short", r => With(DebtSurge(r), TotalDebt, r.T("minTotalDebt") - 1)),

        Opens("IncomeDrop", "drop just met", r => Tags((IncomeDropPct, r.T("minIncomeDropPct")))),
        Misses("IncomeDrop", "drop a cent short", r => Tags((IncomeDropPct, r.T("minIncomeDropPct") - Cent))),

        Opens("AbnormalFundFlow", "pass-through just met", r => Tags((PassThrough7Days, r.T("minPassThrough")), (LargeOutflow30Days, r.T("minPassThrough")))),
        Misses("AbnormalFundFlow", "pass-through a yuan short", r => Tags((PassThrough7Days, r.T("minPassThrough") - 1), (LargeOutflow30Days, r.T("minPassThrough") - 1))),
        Opens("AbnormalFundFlow", "outflow of many months' income", r => Tags((LargeOutflow30Days, r.T("minOutflow")), (OutflowIncomeMultiple, r.T("minOutflowIncomeMultiple")))),
        Misses("AbnormalFundFlow", "outflow a yuan short", r => Tags((LargeOutflow30Days, r.T("minOutflow") - 1), (OutflowIncomeMultiple, r.T("minOutflowIncomeMultiple")))),
        Misses("AbnormalFundFlow", "outflow a cent under the income multiple", r => Tags((LargeOutflow30Days, r.T("minOutflow")), (OutflowIncomeMultiple, r.T("minOutflowIncomeMultiple") - Cent))),

        Opens("AssetWinBack", "both just met", r => WinBack(r)),
        Misses("AssetWinBack", "peak a yuan short", r => With(WinBack(r), PeakAum5Years, r.T("minPeakAum") - 1)),
        Misses("AssetWinBack", "AUM exactly at the cap", r => With(WinBack(r), Aum, r.T("maxAum"))),

        Opens("AssetUplift", "payroll high, little retained", r => Uplift(r, (PayrollMonthly, r.T("minPayrollMonthly")), (RetainedPct, r.T("maxRetainedPct") - Cent))),
        Misses("AssetUplift", "payroll a yuan short", r => Uplift(r, (PayrollMonthly, r.T("minPayrollMonthly") - 1), (RetainedPct, r.T("maxRetainedPct") - Cent))),
        Misses("AssetUplift", "retained exactly at the cap", r => Uplift(r, (PayrollMonthly, r.T("minPayrollMonthly")), (RetainedPct, r.T("maxRetainedPct")))),
        Opens("AssetUplift", "cross-bank outflow just met", r => Uplift(r, (CrossBankOut12Months, r.T("minCrossBankOut12Months")))),
        Misses("AssetUplift", "cross-bank outflow a yuan short", r => Uplift(r, (CrossBankOut12Months, r.T("minCrossBankOut12Months") - 1))),
        Opens("AssetUplift", "POS revenue just met", r => Uplift(r, (PosMonthlyRevenue, r.T("minPosMonthlyRevenue")))),
        Misses("AssetUplift", "POS revenue a yuan short", r => Uplift(r, (PosMonthlyRevenue, r.T("minPosMonthlyRevenue") - 1))),
        Opens("AssetUplift", "custody outflow, no investments", r => Uplift(r, (CustodyMonthlyOut, r.T("minCustodyMonthlyOut")), (InvestmentHoldings, 0))),
        Misses("AssetUplift", "custody outflow a yuan short", r => Uplift(r, (CustodyMonthlyOut, r.T("minCustodyMonthlyOut") - 1), (InvestmentHoldings, 0))),
        Misses("AssetUplift", "custody outflow but holds investments", r => Uplift(r, (CustodyMonthlyOut, r.T("minCustodyMonthlyOut")), (InvestmentHoldings, 1))),
        Misses("AssetUplift", "no mortgage", r => With(Uplift(r, (CrossBankOut12Months, r.T("minCrossBankOut12Months"))), HasMortgage, false)),
        Misses("AssetUplift", "AUM exactly at the cap", r => With(Uplift(r, (CrossBankOut12Months, r.T("minCrossBankOut12Months"))), Aum, r.T("maxAum"))),

        Opens("LumpSumInflow", "inflow just met", r => Tags((LargestInflow7Days, r.T("minInflow")))),
        Misses("LumpSumInflow", "inflow a yuan short", r => Tags((LargestInflow7Days, r.T("minInflow") - 1))),

        Opens("RepaymentStress", "repayment pressure heard", _ => Tags((Intents, new[] { "RepaymentPressure" }))),
        Misses("RepaymentStress", "other intent heard", _ => Tags((Intents, new[] { "ChildUniversity" }))),
        Opens("RepaymentStress", "DTI just over", r => Tags((Dti, r.T("maxDtiPct") + Cent))),
        Misses("RepaymentStress", "DTI exactly at the threshold", r => Tags((Dti, r.T("maxDtiPct")))),

        Opens("Rebalance", "drift just over", r => Tags((AllocationDriftPp, r.T("maxDriftPp") + Cent))),
        Misses("Rebalance", "drift exactly at the threshold", r => Tags((AllocationDriftPp, r.T("maxDriftPp")))),

        Opens("RefinanceRetention", "mortgage holder asks about refinancing", _ => Tags((HasMortgage, true), (Intents, new[] { "RefinanceInterest" }))),
        Misses("RefinanceRetention", "refinance interest without a mortgage here", _ => Tags((HasMortgage, false), (Intents, new[] { "RefinanceInterest" }))),
        Misses("RefinanceRetention", "mortgage holder, other intent", _ => Tags((HasMortgage, true), (Intents, new[] { "TravelPlan" }))),

        Opens("ComplaintFollowUp", "complaint heard", _ => Tags((Intents, new[] { "Complaint", "RepaymentPressure" }))),
        Misses("ComplaintFollowUp", "no complaint heard", _ => Tags((Intents, new[] { "RefinanceInterest" }))),
    ];

    public static TheoryData<string, string> CaseNames()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in Cases)
        {
            data.Add(c.Rule, c.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Detect_CatalogRuleCase_OpensOnlyWhenItQualifies(string ruleId, string caseName)
    {
        var ruleCase = Cases.Single(c => c.Rule == ruleId && c.Name == caseName);
        var rule = Catalog.Rule(ruleId);
        var tags = ruleCase.Tags(rule);

        var detection = WindowDetector.Detect(Catalog, Facts.Customer, TagHistory.Holding(tags, ThisMonth, ThisMonth).At, Now, []);

        var window = detection.Opened.SingleOrDefault(w => w.RuleId == ruleId);
        Assert.Equal(ruleCase.Opens, window is not null);
        if (window is not null)
        {
            Assert.Equal(rule.Category, window.Category);
            Assert.Equal(ThisMonth.ToString(), window.Anchor);
            Assert.Equal(Now.AddDays(rule.WindowDays), window.ClosesAt);
            Assert.Equal(rule.Offers, window.CandidateOffers);
            Assert.Equal(rule.LimitReview, window.LimitReview);
            Assert.NotEmpty(window.Evidence);
            Assert.All(window.Evidence, e => Assert.Contains(e["ev-".Length..], tags.Keys));
            var reason = Assert.Single(window.Reasons);
            Assert.NotEmpty(reason);
            Assert.DoesNotContain("{{", reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cases_EveryCatalogRule_HasAnOpeningAndAMissingCase()
    {
        foreach (var rule in Catalog.Rules)
        {
            Assert.Contains(Cases, c => c.Rule == rule.Id && c.Opens);
            Assert.Contains(Cases, c => c.Rule == rule.Id && !c.Opens);
        }
    }

    [Fact]
    public void Detect_BusinessOrUpgradeJustMet_ReasonCitesTheNumbers()
    {
        var rule = Catalog.Rule("BusinessOrUpgrade");
        var detection = WindowDetector.Detect(Catalog, Facts.Customer, TagHistory.Holding(BusinessOrUpgrade(rule), ThisMonth, ThisMonth).At, Now, []);

        var window = Assert.Single(detection.Opened);
        Assert.Equal($"房贷已按时还款{rule.T("minOnTimeMonths")}个月，收入同比增长{rule.T("minIncomeGrowthPct") + Cent}%", Assert.Single(window.Reasons));
        Assert.Equal(["ev-IncomeGrowthPct", "ev-OnTimeStreakMonths"], window.Evidence.Order(StringComparer.Ordinal));
    }

    private static Dictionary<string, object> BusinessOrUpgrade(RuleDefinition r) =>
        Tags((OnTimeStreakMonths, r.T("minOnTimeMonths")), (IncomeGrowthPct, r.T("minIncomeGrowthPct") + Cent));

    private static Dictionary<string, object> RetirementWealth(RuleDefinition r) =>
        Tags((RemainingTermMonths, r.T("maxRemainingTermMonths")), (HouseholdAum, r.T("minHouseholdAum") + Cent));

    private static Dictionary<string, object> MicroBusiness(RuleDefinition r) =>
        Tags((CustomerGroup, new[] { "BusinessOwner", "Salaried" }), (StableRevenueMonths, r.T("minStableRevenueMonths")), (MaxDaysPastDue12Months, r.T("maxDaysPastDue12Months")));

    private static Dictionary<string, object> ReverseMortgage(RuleDefinition r) =>
        Tags((AgeBand, "65+"), (MortgageReleased, true), (PropertyValue, r.T("minPropertyValue")), (MonthlyIncome, r.T("maxMonthlyIncome") - Cent));

    private static Dictionary<string, object> DebtSurge(RuleDefinition r) =>
        Tags((DebtGrowth3MonthsPct, r.T("minDebtGrowthPct")), (TotalDebt, r.T("minTotalDebt")));

    private static Dictionary<string, object> WinBack(RuleDefinition r) =>
        Tags((PeakAum5Years, r.T("minPeakAum")), (Aum, r.T("maxAum") - Cent));

    private static Dictionary<string, object> Uplift(RuleDefinition r, params (string Name, object Value)[] signal) =>
        Tags([(HasMortgage, true), (Aum, r.T("maxAum") - Cent), .. signal]);

    private static Dictionary<string, object> Tags(params (string Name, object Value)[] tags) =>
        tags.ToDictionary(t => t.Name, t => t.Value, StringComparer.Ordinal);

    private static Dictionary<string, object> With(Dictionary<string, object> tags, string name, object value) =>
        new(tags, StringComparer.Ordinal) { [name] = value };

    private static RuleCase Opens(string rule, string name, Func<RuleDefinition, Dictionary<string, object>> tags) => new(rule, name, true, tags);

    private static RuleCase Misses(string rule, string name, Func<RuleDefinition, Dictionary<string, object>> tags) => new(rule, name, false, tags);

    private sealed record RuleCase(string Rule, string Name, bool Opens, Func<RuleDefinition, Dictionary<string, object>> Tags);
}

internal static class RuleDefinitionExtensions
{
    /// <summary>A threshold of the shipped catalog; fails the test if the catalog renamed it.</summary>
    public static decimal T(this RuleDefinition rule, string name) => rule.Threshold(name);
}
