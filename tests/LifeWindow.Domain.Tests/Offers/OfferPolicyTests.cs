using LifeWindow.Domain.Compliance;
using LifeWindow.Domain.Contact;
using LifeWindow.Domain.Offers;

namespace LifeWindow.Domain.Tests.Offers;

public class OfferPolicyTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 24, 4, 0, 0, TimeSpan.Zero); // 12:00 Shanghai
    private static readonly ConsentState MarketingGranted = new(ConsentPurpose.Marketing, ConsentSource.ProvidentFund, null, ConsentAction.Granted, Noon.AddDays(-100), "e1", "f1");
    private static readonly ConsentState CreditGranted = new(ConsentPurpose.CreditAssessment, ConsentSource.ProvidentFund, null, ConsentAction.Granted, Noon.AddDays(-100), "e2", "f2");

    private static OfferDefinition Offer(string id, OfferKind kind, int risk, decimal value = 0m, IReadOnlyList<string>? bands = null) =>
        new() { Id = id, Name = id, Kind = kind, RiskLevel = risk, ScriptTemplate = "x", ExpectedValue = value, AgeBands = bands };

    private static TagSet Tags(string? appetite = null, string ageBand = "31-40")
    {
        var tags = new List<Tag> { Tag.Of(TagNames.AgeBand, ageBand, new DateOnly(2026, 1, 1)) };
        if (appetite is not null)
        {
            tags.Add(Tag.Of(TagNames.RiskAppetite, appetite, new DateOnly(2026, 1, 1)));
        }

        return new TagSet(Noon, tags);
    }

    [Fact]
    public void Compliance_BannedClaim_IsRejectedNamingIt()
    {
        var result = ComplianceFilter.Check("本产品保本保息，稳赚不赔。", OfferKind.Wealth, CompliancePolicy.Default);
        Assert.False(result.Approved);
        Assert.Contains("保本", result.BannedClaimsFound);
        Assert.Contains("稳赚不赔", result.BannedClaimsFound);
    }

    [Fact]
    public void Compliance_WealthScript_GetsTheDisclosureOnce_CreditDoesNot()
    {
        var wealth = ComplianceFilter.Check("您可考虑三年期大额存单。", OfferKind.Wealth, CompliancePolicy.Default);
        Assert.True(wealth.Approved);
        Assert.EndsWith("理财非存款、产品有风险、投资须谨慎。", wealth.Text, StringComparison.Ordinal);
        Assert.Equal(wealth.Text, ComplianceFilter.Check(wealth.Text, OfferKind.Wealth, CompliancePolicy.Default).Text);
        Assert.Equal("装修贷预授信。", ComplianceFilter.Check("装修贷预授信。", OfferKind.Credit, CompliancePolicy.Default).Text);
    }

    [Theory]
    [InlineData(2026, 11, 24, 12, 0, "Allowed", null)]
    [InlineData(2026, 11, 24, 21, 0, "Deferred", "2026-11-25T01:00:00Z")] // 21:00 → next day 09:00 Shanghai
    [InlineData(2026, 11, 24, 8, 59, "Deferred", "2026-11-24T01:00:00Z")]
    [InlineData(2026, 11, 24, 9, 0, "Allowed", null)]
    [InlineData(2026, 11, 24, 20, 59, "Allowed", null)]
    public void Contact_QuietHours_DeferToNineInShanghai(int y, int m, int d, int hour, int minute, string verdict, string? notBefore)
    {
        var local = new DateTimeOffset(y, m, d, hour, minute, 0, TimeSpan.FromHours(8));
        var decision = ContactRules.Decide("O1", marketing: true, [MarketingGranted], false, [], local, ContactPolicy.Default);
        Assert.Equal(verdict, decision.Verdict.ToString());
        Assert.Equal(notBefore is null ? null : DateTimeOffset.Parse(notBefore, System.Globalization.CultureInfo.InvariantCulture), decision.NotBefore);
    }

    [Fact]
    public void Contact_QuietHoursWithinADayOrNone_AreHonoured()
    {
        var local = new DateTimeOffset(2026, 11, 24, 13, 30, 0, TimeSpan.FromHours(8));
        var lunch = ContactPolicy.Default with { QuietFrom = new TimeOnly(13, 0), QuietUntil = new TimeOnly(14, 0) };
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 14, 0, 0, TimeSpan.FromHours(8)), ContactRules.NextAllowed(local, lunch));
        Assert.Equal(local, ContactRules.NextAllowed(local.AddHours(1), lunch).AddHours(-1));
        var none = ContactPolicy.Default with { QuietFrom = new TimeOnly(0, 0), QuietUntil = new TimeOnly(0, 0) };
        Assert.Equal(local.AddHours(9), ContactRules.NextAllowed(local.AddHours(9), none));
    }

    [Fact]
    public void Contact_Caps_ConsentAndDoNotDisturb()
    {
        var policy = ContactPolicy.Default;
        Assert.Equal(ContactVerdict.Refused, ContactRules.Decide("O1", true, [], false, [], Noon, policy).Verdict);
        var withdrawn = MarketingGranted with { Action = ConsentAction.Withdrawn, At = Noon.AddDays(-1) };
        Assert.StartsWith("NoMarketingConsent", ContactRules.Decide("O1", true, [MarketingGranted, withdrawn], false, [], Noon, policy).Reason, StringComparison.Ordinal);
        Assert.StartsWith("DoNotDisturb", ContactRules.Decide("O1", true, [MarketingGranted], true, [], Noon, policy).Reason, StringComparison.Ordinal);

        ContactRecord Contact(int daysAgo, string offer = "O2", bool declined = false) => new(Noon.AddDays(-daysAgo), offer, OfferKind.Credit, true, declined);
        Assert.StartsWith("MarketingCap", ContactRules.Decide("O1", true, [MarketingGranted], false, [Contact(3), Contact(29, "O3")], Noon, policy).Reason, StringComparison.Ordinal);
        Assert.Equal(ContactVerdict.Allowed, ContactRules.Decide("O1", true, [MarketingGranted], false, [Contact(3), Contact(31, "O3")], Noon, policy).Verdict);
        Assert.StartsWith("ProductCap", ContactRules.Decide("O1", true, [MarketingGranted], false, [Contact(89, "O1")], Noon, policy).Reason, StringComparison.Ordinal);
        Assert.Equal(ContactVerdict.Allowed, ContactRules.Decide("O1", true, [MarketingGranted], false, [Contact(91, "O1")], Noon, policy).Verdict);
        Assert.StartsWith("DeclineCoolOff", ContactRules.Decide("O1", true, [MarketingGranted], false, [Contact(179, "O1", declined: true)], Noon, policy).Reason, StringComparison.Ordinal);
        Assert.Equal(ContactVerdict.Allowed, ContactRules.Decide("O1", true, [MarketingGranted], false, [Contact(181, "O1", declined: true)], Noon, policy).Verdict);

        // A service contact (a risk review) needs no marketing consent and is not counted against the marketing cap.
        Assert.Equal(ContactVerdict.Allowed, ContactRules.Decide("Review", false, [], false, [Contact(3), Contact(4, "O3")], Noon, policy).Verdict);
    }

    [Fact]
    public void Arbiter_SuitabilityAgeAndConsent_ExcludeWithReasons_RankByExpectedValue()
    {
        OfferDefinition[] candidates =
        [
            Offer("CD3Y", OfferKind.Wealth, 1, value: 500m),
            Offer("EquityFundPlan", OfferKind.Wealth, 4, value: 2_000m),
            Offer("ReverseMortgage", OfferKind.Service, 1, bands: ["65+"]),
            Offer("DecorationLoan", OfferKind.Credit, 2, value: 3_000m),
        ];

        var conservative = OfferArbiter.Arbitrate(candidates, Tags("Conservative"), [MarketingGranted]);
        Assert.Equal(["CD3Y"], conservative.Eligible.Select(o => o.Id));
        Assert.Contains(conservative.Excluded, e => e.OfferId == "EquityFundPlan" && e.Reason.StartsWith("Suitability: R4 product above the customer's appetite C1", StringComparison.Ordinal));
        Assert.Contains(conservative.Excluded, e => e.OfferId == "ReverseMortgage" && e.Reason.StartsWith("AgeBand", StringComparison.Ordinal));
        Assert.Contains(conservative.Excluded, e => e.OfferId == "DecorationLoan" && e.Reason.StartsWith("NoCreditConsent", StringComparison.Ordinal));

        var growth = OfferArbiter.Arbitrate(candidates, Tags("Growth"), [MarketingGranted, CreditGranted]);
        Assert.Equal(["DecorationLoan", "EquityFundPlan", "CD3Y"], growth.Eligible.Select(o => o.Id));
        Assert.Equal("DecorationLoan", growth.Winner!.Id);

        var unassessed = OfferArbiter.Arbitrate(candidates, Tags(), [CreditGranted]);
        Assert.Contains(unassessed.Excluded, e => e.OfferId == "EquityFundPlan" && e.Reason.Contains("no valid risk assessment", StringComparison.Ordinal));
    }

    [Fact]
    public void OutrankedBy_ConcurrentWindows_PriorityThenExpectedValueThenWindowId()
    {
        var homeEquity = new WindowBid("w-he", "HomeEquity", 60, Offer("HomeEquityLoan", OfferKind.Credit, 3, value: 16_200m));
        var decoration = new WindowBid("w-dec", "DecorationPreApproval", 40, Offer("DecorationLoan", OfferKind.Credit, 2, value: 20_600m));
        var education = new WindowBid("w-edu", "EducationReserve", 40, Offer("EducationLoan", OfferKind.Credit, 2, value: 13_200m));
        var twin = new WindowBid("w-aaa", "EducationReserve", 40, Offer("EducationLoan", OfferKind.Credit, 2, value: 13_200m));

        // The higher priority wins, whatever the value; the best rival is named.
        Assert.Equal("w-he", OfferArbiter.OutrankedBy(decoration, [education, homeEquity])!.WindowId);
        Assert.Null(OfferArbiter.OutrankedBy(homeEquity, [decoration, education]));

        // Same priority: the higher expected value; same value too: the smaller window id, so both sides agree.
        Assert.Equal("w-dec", OfferArbiter.OutrankedBy(education, [decoration])!.WindowId);
        Assert.Null(OfferArbiter.OutrankedBy(decoration, [education]));
        Assert.Equal("w-aaa", OfferArbiter.OutrankedBy(education, [twin])!.WindowId);
        Assert.Null(OfferArbiter.OutrankedBy(twin, [education]));

        // A window is never its own rival, and no rival leaves it the winner.
        Assert.Null(OfferArbiter.OutrankedBy(education, [education]));
        Assert.Null(OfferArbiter.OutrankedBy(education, []));
    }
}
