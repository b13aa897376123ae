using System.Collections.Frozen;

namespace LifeWindow.Domain.Profiles;

/// <summary>
/// Which of the tag engine's groups to run so that the tags a reader names are computed (docs/performance.md,
/// benchmark 5: a backtest computes only the tags the catalogs' rules read). A group computes several tags from the
/// same parts of the view; some groups read or amend tags of others (the person group reads the mortgage, income and
/// asset tags; the loans group raises the mortgage's arrears tags), so a selection includes what its groups need, and
/// every tag in the set it yields has its full value. A name the map does not know selects every group.
/// </summary>
public readonly record struct TagSelection
{
    private readonly TagGroups groups;

    private TagSelection(TagGroups groups) => this.groups = groups;

    /// <summary>Every tag.</summary>
    public static TagSelection All { get; } = new(TagGroups.All);

    internal bool Runs(TagGroups group) => (groups & group) != 0;

    /// <summary>The groups that compute the named tags and those they need.</summary>
    public static TagSelection Of(IEnumerable<string> tagNames)
    {
        ArgumentNullException.ThrowIfNull(tagNames);
        var groups = TagGroups.None;
        foreach (var name in tagNames)
        {
            groups |= ProducedBy.TryGetValue(name, out var producer) ? producer : TagGroups.All;
        }

        for (var before = TagGroups.None; before != groups;)
        {
            before = groups;
            foreach (var (group, needs) in Needs)
            {
                if ((groups & group) != 0)
                {
                    groups |= needs;
                }
            }
        }

        return new(groups);
    }

    private static readonly (TagGroups Group, TagGroups Needs)[] Needs =
    [
        (TagGroups.Person, TagGroups.Income | TagGroups.Mortgage | TagGroups.Assets),

        // Loans raises the arrears tags Mortgage computes: either alone would leave them half done.
        (TagGroups.Loans, TagGroups.Mortgage),
        (TagGroups.Mortgage, TagGroups.Loans),
    ];

    private static readonly FrozenDictionary<string, TagGroups> ProducedBy = new Dictionary<string, TagGroups>(StringComparer.Ordinal)
    {
        [TagNames.IncomeGrowthPct] = TagGroups.Income,
        [TagNames.PublicSector] = TagGroups.Income,
        [TagNames.MovedToPublicSector] = TagGroups.Income,
        [TagNames.ProvidentFundStatus] = TagGroups.Income,
        [TagNames.IncomeStable] = TagGroups.Income,
        [TagNames.PayrollMonthly] = TagGroups.Income,
        [TagNames.MonthlyIncome] = TagGroups.Income,
        [TagNames.HasMortgage] = TagGroups.Mortgage,
        [TagNames.MortgageSeasoningMonths] = TagGroups.Mortgage,
        [TagNames.RemainingTermMonths] = TagGroups.Mortgage,
        [TagNames.CurrentDaysPastDue] = TagGroups.Mortgage,
        [TagNames.OnTimeStreakMonths] = TagGroups.Mortgage,
        [TagNames.MaxDaysPastDue12Months] = TagGroups.Mortgage | TagGroups.Loans,
        [TagNames.MaxDaysPastDue24Months] = TagGroups.Mortgage | TagGroups.Loans,
        [TagNames.Dti] = TagGroups.Debt,
        [TagNames.TotalDebt] = TagGroups.Debt,
        [TagNames.DebtGrowth3MonthsPct] = TagGroups.Debt,
        [TagNames.OverdueDaysNow] = TagGroups.Loans,
        [TagNames.IncomeDropPct] = TagGroups.Income,
        [TagNames.LargeOutflow30Days] = TagGroups.Business,
        [TagNames.OutflowIncomeMultiple] = TagGroups.Business,
        [TagNames.PassThrough7Days] = TagGroups.Business,
        [TagNames.MortgageReleased] = TagGroups.Property,
        [TagNames.DaysSinceTransfer] = TagGroups.Property,
        [TagNames.PropertyValue] = TagGroups.Property,
        [TagNames.CityTier] = TagGroups.Property,
        [TagNames.NetEquity] = TagGroups.Property,
        [TagNames.LtvPct] = TagGroups.Property,
        [TagNames.PropertyAppreciationPct] = TagGroups.Property,
        [TagNames.HouseholdSize] = TagGroups.Property,
        [TagNames.Aum] = TagGroups.Assets,
        [TagNames.AumTier] = TagGroups.Assets,
        [TagNames.HouseholdAum] = TagGroups.Assets,
        [TagNames.PeakAum5Years] = TagGroups.Assets,
        [TagNames.InvestmentHoldings] = TagGroups.Assets,
        [TagNames.AllocationDriftPp] = TagGroups.Assets,
        [TagNames.RetainedPct] = TagGroups.Assets,
        [TagNames.CrossBankOut12Months] = TagGroups.Business,
        [TagNames.LargestInflow7Days] = TagGroups.Business,
        [TagNames.CustodyMonthlyOut] = TagGroups.Business,
        [TagNames.PosMonthlyRevenue] = TagGroups.Business,
        [TagNames.StableRevenueMonths] = TagGroups.Business,
        [TagNames.AgeBand] = TagGroups.Person,
        [TagNames.Residency] = TagGroups.Person,
        [TagNames.RiskAppetite] = TagGroups.Person,
        [TagNames.CustomerGroup] = TagGroups.Person,
        [TagNames.AssetSegment] = TagGroups.Person,
        [TagNames.Scenes] = TagGroups.Behaviour,
        [TagNames.TravelOrders] = TagGroups.Behaviour,
        [TagNames.Intents] = TagGroups.Behaviour,
        [TagNames.FamilyStage] = TagGroups.Behaviour,
    }.ToFrozenDictionary(StringComparer.Ordinal);
}

/// <summary>The tag engine's groups, in the order it runs them.</summary>
[Flags]
internal enum TagGroups
{
    None = 0,
    Income = 1,
    Mortgage = 2,
    Loans = 4,
    Debt = 8,
    Property = 16,
    Assets = 32,
    Business = 64,
    Person = 128,
    Behaviour = 256,
    All = 511,
}
