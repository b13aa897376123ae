namespace LifeWindow.Domain.Profiles;

/// <summary>
/// The numbers tags are computed with: the "tags" section of the rule catalog, versioned with it (a
/// backtest of two catalogs may compare two tag settings too).
/// </summary>
public sealed record TagSettings
{
    /// <summary>Consecutive Normal contribution months for IncomeStable.</summary>
    public required int IncomeStableMonths { get; init; }

    /// <summary>Sectors that count as 体制内.</summary>
    public required IReadOnlyList<EmployerSector> PublicSectors { get; init; }

    /// <summary>AUM tiers, ascending by <see cref="AumTierSetting.Min"/>; the first starts at 0.</summary>
    public required IReadOnlyList<AumTierSetting> AumTiers { get; init; }

    /// <summary>Months averaged for PayrollMonthly and RetainedPct.</summary>
    public required int PayrollMonths { get; init; }

    /// <summary>Months of consumption-scene activity that count for Scenes and TravelOrders.</summary>
    public required int SceneMonths { get; init; }

    /// <summary>Days a heard intent stays in Intents.</summary>
    public required int IntentDays { get; init; }

    /// <summary>Intent name → phrases that reveal it in a service-call snippet.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Intents { get; init; }

    /// <summary>
    /// What reads intents from a call snippet; null reads the <see cref="Intents"/> phrases. Not part of the catalog
    /// file: the hosts attach the trained classifier here (docs/models.md).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IIntentReader? IntentReader { get; init; }

    /// <summary>A month counts towards StableRevenueMonths when POS plus invoiced revenue reaches this, CNY.</summary>
    public required decimal MinMonthlyRevenue { get; init; }

    /// <summary>On-time months (with an active mortgage and no current arrears) that make an ExistingPrime customer.</summary>
    public required int ExistingPrimeMinOnTimeMonths { get; init; }

    /// <summary>AUM from which a customer is HighNetWorth, CNY.</summary>
    public required decimal HighNetWorthMinAum { get; init; }

    /// <summary>Age bands of the YoungInclusive segment (when not HighNetWorth).</summary>
    public required IReadOnlyList<string> YoungInclusiveAgeBands { get; init; }

    /// <summary>Age bands read as FamilyStage Retired.</summary>
    public required IReadOnlyList<string> RetiredAgeBands { get; init; }

    /// <summary>Months of scenes and intents FamilyStage looks back over.</summary>
    public required int FamilyStageMonths { get; init; }

    /// <summary>Target allocation per risk appetite (percent per asset class, summing to 100), for AllocationDriftPp.</summary>
    public required IReadOnlyDictionary<string, AllocationSetting> TargetAllocations { get; init; }

    /// <summary>The intents heard in a call snippet, ordinal-sorted.</summary>
    public IReadOnlyList<string> ReadIntents(string snippet) => (IntentReader ?? new PhraseIntentReader(Intents)).Read(snippet);

    public bool IsPublicSector(EmployerSector sector) => PublicSectors.Contains(sector);

    public string AumTierOf(decimal aum) => AumTiers.Last(t => aum >= t.Min).Name;
}

public sealed record AumTierSetting(string Name, decimal Min);

/// <summary>Percentages of AUM per asset class.</summary>
public sealed record AllocationSetting(decimal Deposits, decimal WealthProducts, decimal Funds, decimal Bonds, decimal Insurance)
{
    public decimal Total => Deposits + WealthProducts + Funds + Bonds + Insurance;
}
