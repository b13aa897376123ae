namespace LifeWindow.Domain.Profiles;

public static class TagNames
{
    public const string PublicSector = nameof(PublicSector);
    public const string IncomeStable = nameof(IncomeStable);
    public const string IncomeGrowthPct = nameof(IncomeGrowthPct);
    public const string AgeBand = nameof(AgeBand);
    public const string CustomerGroup = nameof(CustomerGroup);
}
