namespace LifeWindow.Domain.Feeds;

/// <summary>Provident fund (公积金) monthly contribution, canonical record v1.</summary>
public sealed record ProvidentFundContribution : FeedRecord
{
    public const string TypeName = "provident-fund/v1";

    public required YearMonth Period { get; init; }

    public required Employer Employer { get; init; }

    /// <summary>Contribution base (缴存基数), CNY; close to monthly income.</summary>
    public required decimal ContributionBase { get; init; }

    public required decimal EmployeeRate { get; init; }

    public required decimal EmployerRate { get; init; }

    public required ContributionStatus Status { get; init; }

    public required decimal Balance { get; init; }

    /// <summary>When the fund centre produced the record; breaks ties between corrections of the same month.</summary>
    public DateTimeOffset? ReportedAt { get; init; }
}

public sealed record Employer(string Name, string Uscc, EmployerSector Sector);

public enum EmployerSector
{
    Government,
    PublicInstitution,
    SOE,
    Private,
    Foreign,
}

public enum ContributionStatus
{
    Normal,
    Suspended,
    Closed,
}
