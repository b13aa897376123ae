namespace LifeWindow.Domain.Feeds;

/// <summary>
/// A customer's consent (授权) being granted or withdrawn, canonical record v1. Consent is per purpose
/// and per data source; sharing consent is also per partner.
/// </summary>
public sealed record ConsentRecord : FeedRecord
{
    public const string TypeName = "consent/v1";

    public required ConsentPurpose Purpose { get; init; }

    /// <summary>Who the data may be shared with; only for <see cref="ConsentPurpose.SharingWith"/>.</summary>
    public string? Partner { get; init; }

    public required ConsentSource Source { get; init; }

    public required ConsentAction Action { get; init; }

    /// <summary>Where the signed consent itself is kept (e-signature or recording id), for audit.</summary>
    public required string EvidenceId { get; init; }

    public required DateTimeOffset At { get; init; }
}

public enum ConsentPurpose
{
    CreditAssessment,
    Marketing,
    SharingWith,
}

public enum ConsentSource
{
    ProvidentFund,
    PropertyRegistry,
    Tax,
    Consumption,
}

public enum ConsentAction
{
    Granted,
    Withdrawn,
}
