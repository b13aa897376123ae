namespace LifeWindow.Domain.Profiles;

/// <summary>Every tag the profile computes. <see cref="TagDefinitions"/> gives each one's type and allowed values.</summary>
public static class TagNames
{
    // Income (provident fund, payroll)
    public const string PublicSector = nameof(PublicSector);
    public const string MovedToPublicSector = nameof(MovedToPublicSector);
    public const string IncomeStable = nameof(IncomeStable);
    public const string IncomeGrowthPct = nameof(IncomeGrowthPct);
    public const string ProvidentFundStatus = nameof(ProvidentFundStatus);
    public const string MonthlyIncome = nameof(MonthlyIncome);
    public const string PayrollMonthly = nameof(PayrollMonthly);

    // Mortgage and property
    public const string HasMortgage = nameof(HasMortgage);
    public const string MortgageSeasoningMonths = nameof(MortgageSeasoningMonths);
    public const string OnTimeStreakMonths = nameof(OnTimeStreakMonths);
    public const string RemainingTermMonths = nameof(RemainingTermMonths);
    public const string CurrentDaysPastDue = nameof(CurrentDaysPastDue);
    public const string MaxDaysPastDue12Months = nameof(MaxDaysPastDue12Months);
    public const string MaxDaysPastDue24Months = nameof(MaxDaysPastDue24Months);
    public const string MortgageReleased = nameof(MortgageReleased);
    public const string DaysSinceTransfer = nameof(DaysSinceTransfer);
    public const string PropertyValue = nameof(PropertyValue);
    public const string PropertyAppreciationPct = nameof(PropertyAppreciationPct);
    public const string NetEquity = nameof(NetEquity);
    public const string LtvPct = nameof(LtvPct);
    public const string CityTier = nameof(CityTier);
    public const string HouseholdSize = nameof(HouseholdSize);
    public const string Dti = nameof(Dti);

    // Risk signals (limit review)
    public const string OverdueDaysNow = nameof(OverdueDaysNow);
    public const string TotalDebt = nameof(TotalDebt);
    public const string DebtGrowth3MonthsPct = nameof(DebtGrowth3MonthsPct);
    public const string IncomeDropPct = nameof(IncomeDropPct);
    public const string LargeOutflow30Days = nameof(LargeOutflow30Days);
    public const string OutflowIncomeMultiple = nameof(OutflowIncomeMultiple);
    public const string PassThrough7Days = nameof(PassThrough7Days);

    // Assets
    public const string Aum = nameof(Aum);
    public const string AumTier = nameof(AumTier);
    public const string HouseholdAum = nameof(HouseholdAum);
    public const string PeakAum5Years = nameof(PeakAum5Years);
    public const string InvestmentHoldings = nameof(InvestmentHoldings);
    public const string AllocationDriftPp = nameof(AllocationDriftPp);
    public const string RetainedPct = nameof(RetainedPct);
    public const string CrossBankOut12Months = nameof(CrossBankOut12Months);
    public const string LargestInflow7Days = nameof(LargestInflow7Days);
    public const string CustodyMonthlyOut = nameof(CustodyMonthlyOut);

    // Business
    public const string PosMonthlyRevenue = nameof(PosMonthlyRevenue);
    public const string StableRevenueMonths = nameof(StableRevenueMonths);

    // Person, segments, behaviour
    public const string AgeBand = nameof(AgeBand);
    public const string Residency = nameof(Residency);
    public const string CustomerGroup = nameof(CustomerGroup);
    public const string AssetSegment = nameof(AssetSegment);
    public const string RiskAppetite = nameof(RiskAppetite);
    public const string Scenes = nameof(Scenes);
    public const string TravelOrders = nameof(TravelOrders);
    public const string FamilyStage = nameof(FamilyStage);
    public const string Intents = nameof(Intents);
}
