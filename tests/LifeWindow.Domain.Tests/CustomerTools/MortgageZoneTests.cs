using LifeWindow.Domain.CustomerTools;
using LifeWindow.Domain.Offers;

namespace LifeWindow.Domain.Tests.CustomerTools;

/// <summary>
/// The mortgage-customer zone (房贷客户专区): the worked example of docs/customer-tools.md, each figure checked by its own
/// computation here (annuity, DTI room, the plan's future value in closed form), and what the zone says when inputs are
/// missing, the debt is too high or a window is not an offer.
/// </summary>
public class MortgageZoneTests
{
    private static readonly RuleCatalog Catalog = RuleCatalogLoader.LoadDefault();
    private static readonly DateOnly Today = new(2026, 12, 15);
    private static readonly DateTimeOffset AsOf = new(2026, 12, 15, 2, 0, 0, TimeSpan.Zero);

    /// <summary>80万 owed at 3.1%, taken on 2021-12-15 for 25 years: 240 months left, no instalment reported yet.</summary>
    private static readonly ProfileView Mortgaged = new()
    {
        Mortgages = [new MortgageState("M-1", "P-1", 1_000_000m, 800_000m, 0.031m, 300, new DateOnly(2021, 12, 15), MortgageStatus.Active, "ev-m")],
    };

    [Fact]
    public void Build_WorkedExample_AnswersTheHomeTheCreditLeftTheOffersAndThePlan()
    {
        var zone = MortgageZone.Build(Example(), Catalog);

        // The home and the mortgage: the tags as given, the payment by PMT computed here.
        var r = 0.031m / 12m;
        var growth = Pow(1m + r, 240);
        var pmt = Math.Round(800_000m * r * growth / (growth - 1m), 2, MidpointRounding.AwayFromZero);
        Assert.Equal(4_476.94m, pmt);
        Assert.Equal(3_000_000m, zone.Valuation.PropertyValue);
        Assert.Equal(new DateOnly(2026, 6, 30), zone.Valuation.ValuedOn);
        Assert.Equal(800_000m, zone.Valuation.MortgageBalance);
        Assert.Equal(240, zone.Valuation.RemainingTermMonths);
        Assert.Equal(pmt, zone.Valuation.MonthlyPayment);
        Assert.Equal(15, Assert.Single(zone.Valuation.Mortgages).PaymentDay);

        // Credit: cap 50万 (provincial capital) − (10万 consumer + 5万 held) = 35万; DTI room 20,000 × (55% − 30%) / 3% = 166,666.67.
        var dtiRoom = 20_000m * (0.55m - 0.30m) / 0.03m;
        Assert.Equal(500_000m, zone.Credit.UnsecuredCap);
        Assert.Equal(100_000m, zone.Credit.Used);
        Assert.Equal(50_000m, zone.Credit.Held);
        Assert.Equal(500_000m - 100_000m - 50_000m, zone.Credit.CapRoom);
        Assert.Equal(Math.Round(dtiRoom, 2), zone.Credit.DtiRoom);
        Assert.Equal(Math.Floor(Math.Min(350_000m, dtiRoom) / 1_000m) * 1_000m, zone.Credit.Available);
        Assert.Equal(166_000m, zone.Credit.Available);
        Assert.Empty(zone.Credit.Missing);

        // The plan: debt service the larger of 30% × 20,000 and the payment; 30% of the rest, rounded down to 100.
        var debtService = Math.Max(20_000m * 0.30m, pmt);
        var amount = Math.Floor((20_000m - debtService) * 0.30m / 100m) * 100m;
        Assert.Equal(4_200m, amount);
        var plan = zone.Plan;
        Assert.True(plan.Suggested, plan.Reason);
        Assert.Equal(debtService, plan.DebtService);
        Assert.Equal(14_000m, plan.Surplus);
        Assert.Equal(amount, plan.MonthlyAmount);
        Assert.Equal(16, plan.DebitDay);
        Assert.Equal(240, plan.Months);
        Assert.Equal(amount * 240, plan.Contributed);

        // Future value of an annuity due at 3%/12: A·(1+y)·((1+y)ⁿ − 1)/y, in decimal; the simulator sums the parts in double.
        var y = 0.03m / 12m;
        var value = amount * (1m + y) * (Pow(1m + y, 240) - 1m) / y;
        Assert.InRange(plan.Value, value - 0.02m, value + 0.02m);
        Assert.Equal(374_315.56m, plan.Gain);
        Assert.Equal(plan.Contributed + plan.Gain, plan.Value);

        // Balanced (C3): the wealth offers up to R3, lowest first; the R4 equity fund plan is left out.
        Assert.Equal(
            Catalog.Offers.Where(o => o.Kind == OfferKind.Wealth && o.RiskLevel <= 3).OrderBy(o => o.RiskLevel).ThenBy(o => o.Id, StringComparer.Ordinal).Select(o => o.Id),
            plan.Products.Select(p => p.Id));
        Assert.DoesNotContain(plan.Products, p => p.Id == "EquityFundPlan");

        var offer = Assert.Single(zone.Offers);
        Assert.Equal("HomeEquity", offer.RuleId);
        Assert.Equal("房产抵押消费贷", Assert.Single(offer.Offers).Name);
        Assert.Equal(["房产价值上升"], offer.Reasons);
    }

    [Fact]
    public void Build_NoIncomeNoCityTierNoRiskAssessment_SaysWhatIsMissingInsteadOfGuessing()
    {
        var bare = new TagSet(AsOf, [Tag.Of(TagNames.RemainingTermMonths, 240m, Today)]);
        var zone = MortgageZone.Build(Example() with { ForCredit = bare, ForMarketing = bare }, Catalog);

        Assert.Null(zone.Credit.Available);
        Assert.Null(zone.Credit.DtiRoom);
        Assert.Equal(300_000m, zone.Credit.UnsecuredCap); // unknown tier: the policy's lower cap
        Assert.Equal(300_000m - 150_000m, zone.Credit.CapRoom);
        Assert.Contains(zone.Credit.Missing, m => m.StartsWith(TagNames.CityTier, StringComparison.Ordinal));
        Assert.Contains(zone.Credit.Missing, m => m.StartsWith(TagNames.MonthlyIncome, StringComparison.Ordinal));
        Assert.False(zone.Plan.Suggested);
        Assert.Contains(zone.Plan.Missing, m => m.StartsWith(TagNames.RiskAppetite, StringComparison.Ordinal));
        Assert.Empty(zone.Plan.Products);
    }

    [Fact]
    public void Build_DebtServiceAboveTheCeiling_SuggestsNoPlanAndSaysWhy()
    {
        var example = Example();
        var stretched = Tags(income: 8_000m, dti: 56m);
        var zone = MortgageZone.Build(example with { ForMarketing = stretched, ForCredit = stretched }, Catalog);

        Assert.False(zone.Plan.Suggested);
        Assert.Equal(8_000m * 0.56m, zone.Plan.DebtService);
        Assert.Contains("above 50%", zone.Plan.Reason, StringComparison.Ordinal);
        Assert.Equal(0m, zone.Plan.MonthlyAmount);
        Assert.Equal(0m, zone.Credit.Available); // DTI 56% is past the 55% limit: no room
    }

    [Fact]
    public void Build_Windows_ShowsOnlyOpenMarketingAndServiceWindowsNotYetClosed()
    {
        var windows = new[]
        {
            Window("HomeEquity", RuleCategory.Marketing, WindowState.Open, AsOf.AddDays(30)),
            Window("IncomeRisk", RuleCategory.Risk, WindowState.Open, AsOf.AddDays(30)),
            Window("IncomeUpgrade", RuleCategory.Marketing, WindowState.Acted, AsOf.AddDays(30)),
            Window("TravelConsumption", RuleCategory.Marketing, WindowState.Open, AsOf.AddDays(-1)),
            Window("RetirementWealth", RuleCategory.Marketing, WindowState.Open, AsOf.AddDays(10)),
        };

        var zone = MortgageZone.Build(Example() with { Windows = windows }, Catalog);

        Assert.Equal(["RetirementWealth", "HomeEquity"], zone.Offers.Select(o => o.RuleId));
        Assert.Equal(Catalog.Rule("RetirementWealth").Offers.Select(id => Catalog.Offer(id).Name), zone.Offers[0].Offers.Select(o => o.Name));
    }

    [Fact]
    public void MortgagesOf_InstalmentReported_TakesItsAmountAndDayElseTheAnnuityAndTheStartDay()
    {
        var annuity = Assert.Single(MortgageZone.MortgagesOf(Mortgaged, Today));
        Assert.Equal(240, annuity.RemainingMonths);
        Assert.Equal(3.1m, annuity.AnnualRatePct);
        Assert.Equal(MortgageSimulator.Instalment(800_000m, 3.1m, 240), annuity.MonthlyPayment);
        Assert.Equal(15, annuity.PaymentDay);

        var reported = Mortgaged with { Instalments = [new Instalment("M-1", new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 20), 4_500m, 4_500m, 0, "ev-i")] };
        var paid = Assert.Single(MortgageZone.MortgagesOf(reported, Today));
        Assert.Equal(4_500m, paid.MonthlyPayment);
        Assert.Equal(20, paid.PaymentDay);
    }

    [Fact]
    public void MonthlyPlanGain_AgainstTheClosedFormOfAnAnnuityDue_AgreesToTheFen()
    {
        foreach (var (monthly, months, yieldPct) in new[] { (1_000m, 12, 3m), (4_200m, 240, 3m), (2_500m, 360, 4.5m) })
        {
            var y = yieldPct / 1200m;
            var gain = (monthly * (1m + y) * (Pow(1m + y, months) - 1m) / y) - (monthly * months);
            Assert.InRange(MortgageSimulator.MonthlyPlanGain(monthly, months, yieldPct), gain - 0.02m, gain + 0.02m);
        }
    }

    private static MortgageZoneInputs Example()
    {
        var own = new TagSet(AsOf,
        [
            Tag.Of(TagNames.PropertyValue, 3_000_000m, new DateOnly(2026, 6, 30)),
            Tag.Of(TagNames.NetEquity, 2_200_000m, new DateOnly(2026, 6, 30)),
            Tag.Of(TagNames.LtvPct, 26.67m, new DateOnly(2026, 6, 30)),
            Tag.Of(TagNames.PropertyAppreciationPct, 20m, new DateOnly(2026, 6, 30)),
            Tag.Of(TagNames.RemainingTermMonths, 240m, new DateOnly(2021, 12, 15)),
        ]);
        return new MortgageZoneInputs
        {
            CustomerKey = "c-zone",
            AsOf = AsOf,
            Own = own,
            Mortgages = MortgageZone.MortgagesOf(Mortgaged, Today),
            ForCredit = Tags(20_000m, 30m),
            Household = new ExposureSummary(Mortgage: 800_000m, Consumer: 100_000m, Business: 0m, Holds: 50_000m),
            Credit = new CreditPolicy(),
            ForMarketing = Tags(20_000m, 30m),
            Windows = [Window("HomeEquity", RuleCategory.Marketing, WindowState.Open, AsOf.AddDays(60))],
            Plan = new MonthlyPlanPolicy(),
        };
    }

    private static TagSet Tags(decimal income, decimal dti) => new(AsOf,
    [
        Tag.Of(TagNames.MonthlyIncome, income, new DateOnly(2026, 11, 1)),
        Tag.Of(TagNames.Dti, dti, new DateOnly(2026, 11, 1)),
        Tag.Of(TagNames.CityTier, nameof(CityTier.ProvincialCapitalOrAbove), new DateOnly(2026, 6, 30)),
        Tag.Of(TagNames.RiskAppetite, nameof(RiskAppetite.Balanced), new DateOnly(2026, 3, 1)),
    ]);

    private static Window Window(string ruleId, RuleCategory category, WindowState state, DateTimeOffset closes) => new()
    {
        WindowId = LifeWindow.Domain.Windows.Window.IdFor("c-zone", ruleId, "2026-12"),
        CustomerKey = "c-zone",
        RuleId = ruleId,
        Category = category,
        Anchor = "2026-12",
        CatalogVersion = Catalog.Version,
        OpensAt = AsOf.AddDays(-5),
        ClosesAt = closes,
        Priority = 1,
        CoolOffDays = 30,
        CandidateOffers = Catalog.Rule(ruleId).Offers,
        Evidence = ["ev"],
        Reasons = ruleId == "HomeEquity" ? ["房产价值上升"] : [ruleId],
        State = state,
    };

    private static decimal Pow(decimal x, int n)
    {
        var result = 1m;
        for (var i = 0; i < n; i++)
        {
            result *= x;
        }

        return result;
    }
}
