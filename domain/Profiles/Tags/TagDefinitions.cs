namespace LifeWindow.Domain.Profiles;

public enum TagType
{
    /// <summary>A decimal; rules compare it with gt/gte/lt/lte/eq.</summary>
    Number,

    /// <summary>"true" or "false".</summary>
    Boolean,

    /// <summary>One value; rules compare it with eq/in.</summary>
    Text,

    /// <summary>Several members; rules ask whether it contains one.</summary>
    Set,
}

/// <summary>A tag's type and, for text and set tags, the values it can take (null: the catalog's tag settings define them).</summary>
public sealed record TagDefinition(string Name, TagType Type, string Description, IReadOnlyList<string>? Values = null);

/// <summary>The registry of tags: a rule catalog may only reference tags (and values) listed here.</summary>
public static class TagDefinitions
{
    public static readonly IReadOnlyList<string> CustomerGroups = ["ExistingPrime", "Salaried", "BusinessOwner", "LocalResident", "NewResident"];
    public static readonly IReadOnlyList<string> AssetSegments = ["HighNetWorth", "MassAffluent", "YoungInclusive"];
    public static readonly IReadOnlyList<string> FamilyStages = ["NewParent", "SchoolAgeChild", "UniversityBound", "Retired", "Unknown"];
    public static readonly IReadOnlyList<string> AgeBands = ["18-24", "25-30", "31-40", "41-50", "51-64", "65+"];

    public static readonly IReadOnlyDictionary<string, TagDefinition> All = new TagDefinition[]
    {
        new(TagNames.PublicSector, TagType.Boolean, "Latest provident-fund employer is 体制内 (catalog tags.publicSectors)"),
        new(TagNames.MovedToPublicSector, TagType.Boolean, "The current public-sector run was preceded by a non-public month"),
        new(TagNames.IncomeStable, TagType.Boolean, "At least tags.incomeStableMonths consecutive Normal contribution months"),
        new(TagNames.IncomeGrowthPct, TagType.Number, "Contribution base vs the same month 12 months earlier, %"),
        new(TagNames.ProvidentFundStatus, TagType.Text, "Latest contribution status", Enum.GetNames<ContributionStatus>()),
        new(TagNames.MonthlyIncome, TagType.Number, "Best monthly income estimate: provident base, else payroll average, CNY"),
        new(TagNames.PayrollMonthly, TagType.Number, "Average payroll credit per month over tags.payrollMonths, CNY"),
        new(TagNames.HasMortgage, TagType.Boolean, "An active mortgage with the bank"),
        new(TagNames.MortgageSeasoningMonths, TagType.Number, "Months since the oldest active mortgage started"),
        new(TagNames.OnTimeStreakMonths, TagType.Number, "Consecutive instalments paid on time, up to the latest"),
        new(TagNames.RemainingTermMonths, TagType.Number, "Months left on the active mortgage ending last"),
        new(TagNames.CurrentDaysPastDue, TagType.Number, "Days past due of the latest instalment"),
        new(TagNames.MaxDaysPastDue12Months, TagType.Number, "Worst days past due over the last 12 months"),
        new(TagNames.MaxDaysPastDue24Months, TagType.Number, "Worst days past due over the last 24 months"),
        new(TagNames.MortgageReleased, TagType.Boolean, "A property of the customer's is free of mortgage after a release (解押)"),
        new(TagNames.DaysSinceTransfer, TagType.Number, "Days since the latest Transfer (purchase) to the customer"),
        new(TagNames.PropertyValue, TagType.Number, "Latest appraisal (or price) of the customer's most valuable property, CNY"),
        new(TagNames.PropertyAppreciationPct, TagType.Number, "Best appraisal vs purchase price over the customer's properties, %"),
        new(TagNames.NetEquity, TagType.Number, "Appraised value minus mortgage balances over the customer's properties, CNY"),
        new(TagNames.LtvPct, TagType.Number, "Mortgage balances over appraised value, %"),
        new(TagNames.CityTier, TagType.Text, "City tier of the customer's most valuable property", Enum.GetNames<CityTier>()),
        new(TagNames.HouseholdSize, TagType.Number, "People linked by co-ownership, the customer included"),
        new(TagNames.Dti, TagType.Number, "Monthly payments of mortgages and loans over monthly income, %"),
        new(TagNames.OverdueDaysNow, TagType.Number, "Days past due now: the worst of the mortgage's latest instalment and the active loans' latest reports"),
        new(TagNames.TotalDebt, TagType.Number, "Active mortgage balances plus active loan balances as last reported, CNY"),
        new(TagNames.DebtGrowth3MonthsPct, TagType.Number, "TotalDebt vs the same day 3 months earlier, %"),
        new(TagNames.IncomeDropPct, TagType.Number, "Largest year-on-year fall of the contribution base or of average payroll, % (negative: a rise)"),
        new(TagNames.LargeOutflow30Days, TagType.Number, "Large outgoing transfers over the last 30 days, CNY"),
        new(TagNames.OutflowIncomeMultiple, TagType.Number, "LargeOutflow30Days over the monthly income (MonthlyIncome), times"),
        new(TagNames.PassThrough7Days, TagType.Number, "Money that came in and went out again in large transfers over the last 7 days: the smaller of the two sums, CNY"),
        new(TagNames.Aum, TagType.Number, "Assets under management on the latest snapshot, CNY"),
        new(TagNames.AumTier, TagType.Text, "AUM tier (catalog tags.aumTiers)"),
        new(TagNames.HouseholdAum, TagType.Number, "AUM of the customer and co-owners whose AUM is known, CNY"),
        new(TagNames.PeakAum5Years, TagType.Number, "Highest AUM seen over the last 60 months, CNY"),
        new(TagNames.InvestmentHoldings, TagType.Number, "Wealth products, funds and bonds on the latest snapshot, CNY"),
        new(TagNames.AllocationDriftPp, TagType.Number, "Largest gap between holdings and the target allocation for the risk appetite, percentage points"),
        new(TagNames.RetainedPct, TagType.Number, "AUM over payroll credited in the last tags.payrollMonths, %"),
        new(TagNames.CrossBankOut12Months, TagType.Number, "Large outgoing cross-bank transfers over 12 months, CNY"),
        new(TagNames.LargestInflow7Days, TagType.Number, "Largest single large inflow in the last 7 days, CNY"),
        new(TagNames.CustodyMonthlyOut, TagType.Number, "Average monthly bank-to-broker custody transfers over 3 months, CNY"),
        new(TagNames.PosMonthlyRevenue, TagType.Number, "POS settlement in the latest complete month, CNY"),
        new(TagNames.StableRevenueMonths, TagType.Number, "Consecutive months with POS or invoiced revenue of at least tags.minMonthlyRevenue"),
        new(TagNames.AgeBand, TagType.Text, "Age band derived from the ID number", AgeBands),
        new(TagNames.Residency, TagType.Text, "本地户籍 or 新市民", Enum.GetNames<Residency>()),
        new(TagNames.CustomerGroup, TagType.Set, "Seed 001 customer groups that apply", CustomerGroups),
        new(TagNames.AssetSegment, TagType.Text, "Seed 002 asset segment", AssetSegments),
        new(TagNames.RiskAppetite, TagType.Text, "Suitability questionnaire result while valid", Enum.GetNames<RiskAppetite>()),
        new(TagNames.Scenes, TagType.Set, "Consumption scenes active over tags.sceneMonths", Enum.GetNames<ConsumptionScene>()),
        new(TagNames.TravelOrders, TagType.Number, "Travel-scene orders over tags.sceneMonths"),
        new(TagNames.FamilyStage, TagType.Text, "Family stage read from scenes, intents and age", FamilyStages),
        new(TagNames.Intents, TagType.Set, "Intents heard in service calls over tags.intentDays (catalog tags.intents)"),
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);
}
