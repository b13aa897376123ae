using LifeWindow.Domain.Contact;

namespace LifeWindow.Domain.Tests.Contact;

/// <summary>Consent per purpose and source: what each purpose may use of a profile, and when a purpose is in force.</summary>
public class ConsentSourcesTests
{
    private static readonly YearMonth Month = new(2026, 10);
    private static readonly DateTimeOffset AsOf = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    private static ConsentState Consent(ConsentPurpose purpose, ConsentSource source, ConsentAction action, int daysAgo) =>
        new(purpose, source, null, action, AsOf.AddDays(-daysAgo), "esign", $"ev-{purpose}-{source}-{action}-{daysAgo}");

    /// <summary>A provident base of 18,000, payroll of 17,000, a shop's POS and invoiced revenue, a tax declaration, a scene.</summary>
    private static ProfileView Everything(params ConsentState[] consents) => new()
    {
        ProvidentFund = [.. Enumerable.Range(0, 12).Select(i => new PfMonth(Month.AddMonths(-i), 18_000m, EmployerSector.SOE, ContributionStatus.Normal, "91310000MA1FL0000X", 80_000m, null, $"pf-{i}"))],
        Payroll = [.. Enumerable.Range(0, 12).Select(i => new MoneyMonth(Month.AddMonths(-i), 17_000m, 1, [$"pay-{i}"]))],
        Revenue = [new RevenueMonth(Month, 5_000m, 20, 60_000m, ["pos-1", "inv-1"]), new RevenueMonth(Month.AddMonths(-1), 0m, 0, 60_000m, ["inv-2"])],
        Declarations = [new DeclarationQuarter(new YearQuarter(2026, 3), "91310000MA1FL0000X", 180_000m, 1_800m, "decl-1")],
        Scenes = [new SceneMonth(Month, ConsumptionScene.Education, 3, SpendBand.From1kTo5k, ["scene-1"])],
        Consents = consents,
    };

    [Fact]
    public void Permitted_SourcesNotGrantedForThePurpose_AreLeftOut_TheBanksOwnDataStays()
    {
        var view = Everything(
            Consent(ConsentPurpose.Marketing, ConsentSource.Consumption, ConsentAction.Granted, 30),
            Consent(ConsentPurpose.CreditAssessment, ConsentSource.ProvidentFund, ConsentAction.Granted, 30),
            Consent(ConsentPurpose.CreditAssessment, ConsentSource.Tax, ConsentAction.Granted, 30));

        var marketing = ConsentSources.Permitted(view, ConsentPurpose.Marketing);
        var credit = ConsentSources.Permitted(view, ConsentPurpose.CreditAssessment);

        Assert.Empty(marketing.ProvidentFund);
        Assert.Empty(marketing.Declarations);
        var pos = Assert.Single(marketing.Revenue); // the POS is the bank's; the invoices are the tax bureau's
        Assert.Equal((Month, 5_000m, 0m), (pos.Month, pos.Pos, pos.Invoiced));
        Assert.Equal(view.Scenes, marketing.Scenes);
        Assert.Equal(view.Payroll, marketing.Payroll);
        Assert.Equal(view.ProvidentFund, credit.ProvidentFund);
        Assert.Equal(view.Revenue, credit.Revenue);
        Assert.Equal(view.Declarations, credit.Declarations);
        Assert.Empty(credit.Scenes);
        Assert.Equal(view.Consents, credit.Consents);
    }

    [Fact]
    public void PermittedTags_IncomeWithoutTheProvidentFundsConsent_IsThePayrollEstimate()
    {
        var settings = RuleCatalogLoader.LoadDefault().Tags;
        var profile = CustomerProfile.Empty("k1-tags") with
        {
            Snapshot = Everything(
                Consent(ConsentPurpose.CreditAssessment, ConsentSource.ProvidentFund, ConsentAction.Granted, 30),
                Consent(ConsentPurpose.Marketing, ConsentSource.ProvidentFund, ConsentAction.Granted, 30),
                Consent(ConsentPurpose.Marketing, ConsentSource.ProvidentFund, ConsentAction.Withdrawn, 2)),
        };

        Assert.Equal(18_000m, ConsentSources.PermittedTags(profile, settings, ConsentPurpose.CreditAssessment, AsOf).Get(TagNames.MonthlyIncome)!.Number);
        var payrollOnly = TagEngine.Compute(profile.Snapshot with { ProvidentFund = [] }, settings, AsOf, profile.CustomerKey).Get(TagNames.MonthlyIncome)!.Number;
        Assert.NotEqual(18_000m, payrollOnly);
        Assert.Equal(payrollOnly, ConsentSources.PermittedTags(profile, settings, ConsentPurpose.Marketing, AsOf).Get(TagNames.MonthlyIncome)!.Number);
        Assert.Null(ConsentSources.PermittedTags(profile, settings, ConsentPurpose.Marketing, AsOf).Get(TagNames.ProvidentFundStatus));
    }

    [Fact]
    public void Granted_TheLatestRecordOfThatPurposeAndSourceDecides()
    {
        IReadOnlyList<ConsentState> consents =
        [
            Consent(ConsentPurpose.Marketing, ConsentSource.ProvidentFund, ConsentAction.Granted, 30),
            Consent(ConsentPurpose.Marketing, ConsentSource.ProvidentFund, ConsentAction.Withdrawn, 5),
            Consent(ConsentPurpose.Marketing, ConsentSource.Tax, ConsentAction.Withdrawn, 30),
            Consent(ConsentPurpose.Marketing, ConsentSource.Tax, ConsentAction.Granted, 5),
        ];

        Assert.False(ConsentSources.Granted(consents, ConsentPurpose.Marketing, ConsentSource.ProvidentFund));
        Assert.True(ConsentSources.Granted(consents, ConsentPurpose.Marketing, ConsentSource.Tax));
        Assert.False(ConsentSources.Granted(consents, ConsentPurpose.CreditAssessment, ConsentSource.Tax));
    }

    [Fact]
    public void HasConsent_APurposeWithdrawnForOneSourceButGrantedForAnother_IsStillInForce_WithdrawnForAllIsNot()
    {
        var tax = Consent(ConsentPurpose.Marketing, ConsentSource.Tax, ConsentAction.Granted, 30);
        IReadOnlyList<ConsentState> pfWithdrawnLater =
        [
            Consent(ConsentPurpose.Marketing, ConsentSource.ProvidentFund, ConsentAction.Granted, 30),
            tax,
            Consent(ConsentPurpose.Marketing, ConsentSource.ProvidentFund, ConsentAction.Withdrawn, 1),
        ];

        Assert.True(ContactRules.HasConsent(pfWithdrawnLater, ConsentPurpose.Marketing));
        Assert.False(ContactRules.HasConsent([.. pfWithdrawnLater, Consent(ConsentPurpose.Marketing, ConsentSource.Tax, ConsentAction.Withdrawn, 0)], ConsentPurpose.Marketing));
        Assert.False(ContactRules.HasConsent(pfWithdrawnLater, ConsentPurpose.CreditAssessment));
    }
}
