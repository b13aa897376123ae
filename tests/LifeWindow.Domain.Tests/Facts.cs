namespace LifeWindow.Domain.Tests;

/// <summary>Builds provident-fund records for tests.</summary>
internal static class Facts
{
    public const string Customer = "k1-test";
    public static readonly PersonFacts Person = new("31-40", "Female", Residency.Local);

    public static ProvidentFundContribution Contribution(
        YearMonth period,
        decimal contributionBase,
        EmployerSector sector = EmployerSector.Private,
        ContributionStatus status = ContributionStatus.Normal,
        DateTimeOffset? reportedAt = null,
        string? evidence = null) => new()
        {
            RecordId = $"PF-{period}",
            CustomerKey = Customer,
            EvidenceHash = evidence ?? $"ev-{period}-{contributionBase}-{sector}-{status}-{reportedAt?.ToUnixTimeSeconds()}",
            Person = Person,
            Period = period,
            Employer = new Employer("某公司", "91350100M000100Y43", sector),
            ContributionBase = contributionBase,
            EmployeeRate = 0.07m,
            EmployerRate = 0.07m,
            Status = status,
            Balance = 1000m,
            ReportedAt = reportedAt,
        };

    /// <summary>Thirteen months ending at <paramref name="latest"/>: the first twelve at <paramref name="startBase"/>, the last at <paramref name="latestBase"/>.</summary>
    public static List<ProvidentFundContribution> Year(YearMonth latest, decimal startBase, decimal latestBase, EmployerSector sector = EmployerSector.Private, EmployerSector? latestSector = null) =>
        Enumerable.Range(0, 13)
            .Select(i => latest.AddMonths(i - 12))
            .Select(p => p == latest
                ? Contribution(p, latestBase, latestSector ?? sector)
                : Contribution(p, startBase, sector))
            .ToList();
}
