using static LifeWindow.Domain.Tests.Profiles.Records;

namespace LifeWindow.Domain.Tests.Profiles;

public class TagEngineTests
{
    private static TagSet TagsNow(params FeedRecord[] records) => TagsAt(Fold(records), Now);

    private static decimal? Number(TagSet tags, string name) => tags.Get(name)?.Number;

    [Fact]
    public void Mortgage_TwoYearsOfInstalmentsWithOneLateMonth_SeasoningStreakAndRemainingTerm()
    {
        var records = new List<FeedRecord> { Mortgage(1_600_000m, new DateOnly(2024, 10, 15)) };
        records.AddRange(Repayments(new YearMonth(2024, 11), new YearMonth(2026, 11), late: new YearMonth(2025, 6)));
        var tags = TagsNow([.. records]);

        Assert.Equal(true, tags.Get(TagNames.HasMortgage)!.Boolean);
        Assert.Equal(25m, Number(tags, TagNames.MortgageSeasoningMonths));
        Assert.Equal(new DateOnly(2024, 10, 15), tags[TagNames.MortgageSeasoningMonths].Since);
        Assert.Equal(17m, Number(tags, TagNames.OnTimeStreakMonths)); // 2025-07 … 2026-11
        Assert.Equal(new DateOnly(2025, 7, 15), tags[TagNames.OnTimeStreakMonths].Since);
        Assert.Equal(214m, Number(tags, TagNames.RemainingTermMonths)); // ends 2044-10-15
        Assert.Equal(0m, Number(tags, TagNames.CurrentDaysPastDue));
        Assert.Equal(5m, Number(tags, TagNames.MaxDaysPastDue24Months));
        Assert.Equal(0m, Number(tags, TagNames.MaxDaysPastDue12Months)); // 2025-06-15 is more than 12 months back
    }

    [Fact]
    public void Mortgage_LateMonthAgesOutOfTheTwelveMonthWindow()
    {
        var records = new List<FeedRecord> { Mortgage(1_600_000m, new DateOnly(2024, 10, 15)) };
        records.AddRange(Repayments(new YearMonth(2024, 11), new YearMonth(2026, 12), late: new YearMonth(2025, 12)));
        var profile = Fold(records);

        var now = TagsAt(profile, Now);
        Assert.Equal(5m, Number(now, TagNames.MaxDaysPastDue12Months));
        Assert.Equal(new DateOnly(2025, 12, 15), now[TagNames.MaxDaysPastDue12Months].Since);
        Assert.Equal(11m, Number(now, TagNames.OnTimeStreakMonths));

        var yearOn = TagsAt(profile, new DateTimeOffset(2026, 12, 16, 2, 0, 0, TimeSpan.Zero));
        Assert.Equal(0m, Number(yearOn, TagNames.MaxDaysPastDue12Months));
        Assert.Equal(12m, Number(yearOn, TagNames.OnTimeStreakMonths));
    }

    [Fact]
    public void Property_PurchaseAppraisalAndMortgage_AppreciationEquityAndLtv()
    {
        var tags = TagsNow(
            Property(PropertyEventType.Transfer, At(2024, 3, 1), price: 2_000_000m),
            Property(PropertyEventType.Appraisal, At(2026, 9, 1), appraised: 2_800_000m),
            Mortgage(1_000_000m, new DateOnly(2024, 3, 15)));

        Assert.Equal(40m, Number(tags, TagNames.PropertyAppreciationPct));
        Assert.Equal(new DateOnly(2026, 9, 1), tags[TagNames.PropertyAppreciationPct].Since);
        Assert.Equal(1_800_000m, Number(tags, TagNames.NetEquity));
        Assert.Equal(35.71m, Number(tags, TagNames.LtvPct));
        Assert.Equal(2_800_000m, Number(tags, TagNames.PropertyValue));
        Assert.Equal("ProvincialCapitalOrAbove", tags[TagNames.CityTier].Value);
        Assert.Equal(new DateOnly(2026, 11, 24).DayNumber - new DateOnly(2024, 3, 1).DayNumber, Number(tags, TagNames.DaysSinceTransfer));
    }

    [Fact]
    public void Property_RegistryLienWithoutOurMortgage_CountsAsDebtUntilReleased()
    {
        var bought = Property(PropertyEventType.Transfer, At(2020, 5, 1), price: 3_000_000m);
        var lien = Property(PropertyEventType.MortgageRegistered, At(2020, 5, 2), mortgage: 1_000_000m);
        Assert.Equal(2_000_000m, Number(TagsNow(bought, lien), TagNames.NetEquity));

        var released = TagsNow(bought, lien, Property(PropertyEventType.MortgageReleased, At(2026, 8, 1)));
        Assert.Equal(3_000_000m, Number(released, TagNames.NetEquity));
        Assert.Equal(true, released.Get(TagNames.MortgageReleased)!.Boolean);
        Assert.Equal(new DateOnly(2026, 8, 1), released[TagNames.MortgageReleased].Since);
    }

    [Fact]
    public void Household_CoOwnedProperty_LinksTheCoOwner()
    {
        var profile = Fold([Property(PropertyEventType.Transfer, At(2025, 1, 1), price: 1_000_000m, coOwned: true)]);
        Assert.Equal([CoOwner], profile.Household(ProfileFolder.ViewOf(profile, Settings)));
        Assert.Equal(2m, Number(TagsAt(profile, Now), TagNames.HouseholdSize));
    }

    [Fact]
    public void Assets_AumFellFromAPeak_TierPeakAndHouseholdAum()
    {
        var profile = Fold([Deposit(new DateOnly(2022, 6, 30), 120_000m), Deposit(new DateOnly(2026, 10, 31), 30_000m)]);
        var tags = TagsAt(profile, Now);

        Assert.Equal(30_000m, Number(tags, TagNames.Aum));
        Assert.Equal("From10kTo50k", tags[TagNames.AumTier].Value);
        Assert.Equal(120_000m, Number(tags, TagNames.PeakAum5Years));

        var withHousehold = TagEngine.Compute(ProfileFolder.ViewOf(profile, Settings), Settings, Now, Customer, new Dictionary<string, decimal> { [CoOwner] = 480_000m });
        Assert.Equal(510_000m, Number(withHousehold, TagNames.HouseholdAum));
    }

    [Fact]
    public void Assets_PeakOlderThanFiveYears_IsForgotten()
    {
        var tags = TagsNow(Deposit(new DateOnly(2021, 10, 31), 120_000m), Deposit(new DateOnly(2026, 10, 31), 30_000m));
        Assert.Equal(30_000m, Number(tags, TagNames.PeakAum5Years));
    }

    [Fact]
    public void Payroll_HighSalaryLowBalance_PayrollMonthlyAndRetainedPct()
    {
        var tags = TagsNow(
            Payroll(new DateOnly(2026, 9, 10), 20_000m),
            Payroll(new DateOnly(2026, 10, 10), 20_000m),
            Payroll(new DateOnly(2026, 11, 10), 20_000m),
            Deposit(new DateOnly(2026, 11, 20), 9_000m));

        Assert.Equal(20_000m, Number(tags, TagNames.PayrollMonthly));
        Assert.Equal(15m, Number(tags, TagNames.RetainedPct));
        Assert.Equal(20_000m, Number(tags, TagNames.MonthlyIncome));
        Assert.Contains("Salaried", tags[TagNames.CustomerGroup].Members);
    }

    [Fact]
    public void Transfers_LargeInflowAndCrossBankOutflows_WindowedSums()
    {
        var tags = TagsNow(
            Transfer(At(2026, 11, 20), 250_000m, FlowDirection.In),
            Transfer(At(2026, 11, 1), 300_000m, FlowDirection.In), // older than 7 days
            Transfer(At(2026, 3, 1), 120_000m, FlowDirection.Out),
            Transfer(At(2026, 6, 1), 90_000m, FlowDirection.Out),
            Transfer(At(2025, 6, 1), 500_000m, FlowDirection.Out), // older than 12 months
            Transfer(At(2026, 7, 1), 80_000m, FlowDirection.Out, CounterpartyType.SameBank));

        Assert.Equal(250_000m, Number(tags, TagNames.LargestInflow7Days));
        Assert.Equal(210_000m, Number(tags, TagNames.CrossBankOut12Months));
    }

    [Fact]
    public void Business_SixMonthsOfRevenueAboveTheMinimum_StableRevenueMonths()
    {
        var records = new List<FeedRecord>();
        for (var m = new YearMonth(2026, 5); m <= new YearMonth(2026, 10); m = m.AddMonths(1))
        {
            records.Add(Pos(new DateOnly(m.Year, m.Month, 10), 6_000m));
            records.Add(Pos(new DateOnly(m.Year, m.Month, 20), 5_000m));
        }

        records.Add(Pos(new DateOnly(2026, 4, 10), 9_999m)); // just under the catalog's 10,000
        var tags = TagsNow([.. records]);

        Assert.Equal(6m, Number(tags, TagNames.StableRevenueMonths));
        Assert.Equal(new DateOnly(2026, 5, 1), tags[TagNames.StableRevenueMonths].Since);
        Assert.Equal(11_000m, Number(tags, TagNames.PosMonthlyRevenue));
        Assert.Contains("BusinessOwner", tags[TagNames.CustomerGroup].Members);
    }

    [Fact]
    public void Invoices_RedLetterAndVoid_NetTheMonthsRevenue()
    {
        var issued = At(2026, 10, 5);
        var tags = TagsNow(
            Invoice("26000000000000000001", issued, 30_000m),
            Invoice("26000000000000000002", issued, 8_000m),
            Invoice("26000000000000000003", issued, 5_000m, InvoiceKind.RedLetter, "26000000000000000001"),
            Invoice("26000000000000000002", issued.AddDays(1), 8_000m, InvoiceKind.Void));

        Assert.Equal(1m, Number(tags, TagNames.StableRevenueMonths)); // 25,000 in October
        var view = ProfileFolder.ViewOf(Fold([Invoice("26000000000000000001", issued, 30_000m), Invoice("26000000000000000003", issued, 5_000m, InvoiceKind.RedLetter, "26000000000000000001")]), Settings);
        Assert.Equal(25_000m, Assert.Single(view.Revenue).Invoiced);
    }

    [Fact]
    public void Behaviour_ScenesAndCalls_ScenesTravelOrdersIntentsAndFamilyStage()
    {
        var tags = TagsNow(
            Scenes(new YearMonth(2026, 10), (ConsumptionScene.Travel, 2), (ConsumptionScene.Dining, 6)),
            Scenes(new YearMonth(2026, 11), (ConsumptionScene.Travel, 3)),
            Call(At(2026, 11, 2), "客户表示孩子明年高考，最近月供压力大"));

        Assert.Equal(["Travel", "Dining"], tags[TagNames.Scenes].Members); // catalog order of scenes
        Assert.Equal(5m, Number(tags, TagNames.TravelOrders));
        Assert.Equal(["ChildUniversity", "RepaymentPressure"], tags[TagNames.Intents].Members);
        Assert.Equal("UniversityBound", tags[TagNames.FamilyStage].Value);
    }

    [Fact]
    public void Behaviour_MaternalBabyScene_NewParent()
    {
        var tags = TagsNow(Pf(new YearMonth(2026, 10), 10_000m), Scenes(new YearMonth(2026, 9), (ConsumptionScene.MaternalBaby, 4)));
        Assert.Equal("NewParent", tags[TagNames.FamilyStage].Value);
        Assert.Equal("31-40", tags[TagNames.AgeBand].Value); // whitelist records carry no person facts
    }

    [Fact]
    public void Dti_InstalmentOverProvidentBase()
    {
        var tags = TagsNow(
            Mortgage(1_000_000m, new DateOnly(2024, 10, 15)),
            Repayment(new DateOnly(2026, 11, 15), amountDue: 6_100m),
            Pf(new YearMonth(2026, 10), 10_000m));
        Assert.Equal(61m, Number(tags, TagNames.Dti));
    }

    [Fact]
    public void Dti_CountsTheConsumerLoansPaymentBesideTheMortgage_APaidOffLoanNot()
    {
        var tags = TagsNow(
            Mortgage(1_000_000m, new DateOnly(2024, 10, 15)),
            Repayment(new DateOnly(2026, 11, 15), amountDue: 6_100m),
            Loan("CL-1", 80_000m, 2_400m, 0, new DateOnly(2026, 11, 10)),
            Loan("CL-2", 0m, 1_000m, 0, new DateOnly(2026, 11, 10), LoanStatus.PaidOff),
            Pf(new YearMonth(2026, 10), 10_000m));
        Assert.Equal(85m, Number(tags, TagNames.Dti)); // (6,100 + 2,400) / 10,000
    }

    [Fact]
    public void Dti_ALoanAloneWithoutAMortgage_StillCounts()
    {
        var tags = TagsNow(Loan("CL-1", 80_000m, 3_000m, 0, new DateOnly(2026, 11, 10)), Pf(new YearMonth(2026, 10), 10_000m));
        Assert.Equal(30m, Number(tags, TagNames.Dti));
    }

    [Fact]
    public void DaysPastDue_ALateLoanRaisesTheWorstOfItsWindow_EvenAfterItIsReportedCurrent()
    {
        var tags = TagsNow(
            Loan("CL-1", 80_000m, 2_400m, 45, new DateOnly(2026, 3, 10)), // 45 days late in March, reported again as current since
            Loan("CL-1", 70_000m, 2_400m, 0, new DateOnly(2026, 11, 10)),
            Loan("CL-2", 50_000m, 1_000m, 15, new DateOnly(2026, 11, 10)),
            Loan("CL-3", 20_000m, 500m, 60, new DateOnly(2025, 6, 10)), // 60 days late 17 months ago, closed since
            Loan("CL-3", 0m, 0m, 0, new DateOnly(2025, 9, 10)),
            Pf(new YearMonth(2026, 10), 10_000m));

        // The arrears history outlives each loan's latest report: March's 45 days count within 12 months, CL-3's 60 within 24.
        Assert.Equal(45m, Number(tags, TagNames.MaxDaysPastDue12Months));
        Assert.Equal(60m, Number(tags, TagNames.MaxDaysPastDue24Months));
        // Two reports of one day: the worse stands, in either order.
        var late45 = Loan("CL-1", 80_000m, 2_400m, 45, new DateOnly(2026, 3, 10));
        var late30 = Loan("CL-1", 80_000m, 2_400m, 30, new DateOnly(2026, 3, 10));
        Assert.Equal(45m, Number(TagsNow(late45, late30), TagNames.MaxDaysPastDue12Months));
        Assert.Equal(45m, Number(TagsNow(late30, late45), TagNames.MaxDaysPastDue12Months));
    }

    [Fact]
    public void Listings_AddedThenRemoved_ListedOnlyInBetween()
    {
        var view = ProfileFolder.ViewOf(Fold([Listed(CreditList.Fraud, ListAction.Add, At(2026, 6, 1)), Listed(CreditList.Fraud, ListAction.Remove, At(2026, 9, 1))]), Settings);
        Assert.False(view.IsListed(new DateOnly(2026, 5, 31)));
        Assert.False(view.IsListed(new DateOnly(2026, 10, 1))); // the removal is the latest entry
        var added = ProfileFolder.ViewOf(Fold([Listed(CreditList.Fraud, ListAction.Remove, At(2026, 6, 1)), Listed(CreditList.Blacklist, ListAction.Add, At(2026, 9, 1))]), Settings);
        Assert.True(added.IsListed(new DateOnly(2026, 10, 1)));
    }

    [Fact]
    public void Risk_AssessmentAndHoldings_AppetiteAndAllocationDrift()
    {
        // Conservative target: 80% deposits, 20% wealth products. Holding 50/50 drifts 30 pp.
        var tags = TagsNow(Risk(RiskAppetite.Conservative, At(2026, 6, 1)), Deposit(new DateOnly(2026, 11, 20), 50_000m, wealth: 50_000m));
        Assert.Equal("Conservative", tags[TagNames.RiskAppetite].Value);
        Assert.Equal(30m, Number(tags, TagNames.AllocationDriftPp));
        Assert.Equal(50_000m, Number(tags, TagNames.InvestmentHoldings));
    }

    [Fact]
    public void Risk_LapsedAssessment_SetsNoAppetite()
    {
        var tags = TagsNow(Risk(RiskAppetite.Growth, At(2025, 6, 1)));
        Assert.Null(tags.Get(TagNames.RiskAppetite));
    }

    [Fact]
    public void Segments_HighAumAndYouth_AssetSegmentAndExistingPrime()
    {
        var records = new List<FeedRecord> { Mortgage(800_000m, new DateOnly(2023, 1, 15)), Deposit(new DateOnly(2026, 11, 1), 1_200_000m) };
        records.AddRange(Repayments(new YearMonth(2025, 11), new YearMonth(2026, 11)));
        var tags = TagsNow([.. records]);
        Assert.Equal("HighNetWorth", tags[TagNames.AssetSegment].Value);
        Assert.Equal(["ExistingPrime", "LocalResident"], tags[TagNames.CustomerGroup].Members);

        var young = Facts.Contribution(new YearMonth(2026, 10), 8_000m) with { Person = new PersonFacts("25-30", "Female", Residency.NewResident) };
        var youngTags = TagsNow(young);
        Assert.Equal("YoungInclusive", youngTags[TagNames.AssetSegment].Value);
        Assert.Equal(["Salaried", "NewResident"], youngTags[TagNames.CustomerGroup].Members);
    }

    [Fact]
    public void ProvidentFund_SuspendedAfterAMove_StatusAndMovedToPublicSector()
    {
        var moved = Facts.Year(new YearMonth(2026, 10), 10_000m, 10_000m, EmployerSector.Private, EmployerSector.Government);
        var tags = TagsNow([.. moved]);
        Assert.Equal(true, tags.Get(TagNames.MovedToPublicSector)!.Boolean);
        Assert.Equal(new DateOnly(2026, 10, 1), tags[TagNames.MovedToPublicSector].Since);

        var suspended = TagsNow(Pf(new YearMonth(2026, 9), 10_000m), Pf(new YearMonth(2026, 10), 10_000m, ContributionStatus.Suspended));
        Assert.Equal("Suspended", suspended[TagNames.ProvidentFundStatus].Value);
        Assert.Null(suspended.Get(TagNames.MonthlyIncome));
    }

    [Fact]
    public void AsOf_EarlierValidTime_IgnoresFactsThatWereNotYetTrue()
    {
        var profile = Fold([Deposit(new DateOnly(2026, 3, 31), 200_000m), Deposit(new DateOnly(2026, 10, 31), 40_000m)]);
        Assert.Equal(200_000m, Number(TagsAt(profile, new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)), TagNames.Aum));
        Assert.Equal(40_000m, Number(TagsAt(profile, Now), TagNames.Aum));
        Assert.Null(TagsAt(profile, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).Get(TagNames.Aum));
    }

    [Fact]
    public void Tags_CarryTheEvidenceOfTheirFacts()
    {
        var deposit = Deposit(new DateOnly(2026, 10, 31), 40_000m);
        var tags = TagsNow(deposit);
        Assert.Equal([deposit.EvidenceHash], tags[TagNames.Aum].Evidence);
    }
}
