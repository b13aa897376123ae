namespace LifeWindow.Domain.Feeds;

/// <summary>
/// Property registry (不动产登记) event, canonical record v1. The record's customer is the first owner
/// on the certificate; <see cref="Owners"/> keeps every co-owner's key because exposure and household
/// checks later look across all owners of a property.
/// </summary>
public sealed record PropertyRegistryEvent : FeedRecord
{
    public const string TypeName = "property-registry/v1";

    public required PropertyEventType EventType { get; init; }

    /// <summary>不动产权证书号 as the registry prints it.</summary>
    public required string CertificateNo { get; init; }

    /// <summary>不动产单元号: stays the same across transfers, so events of one property can be joined.</summary>
    public required string PropertyId { get; init; }

    /// <summary>Every owner in certificate order (1 to 10); the first is <see cref="FeedRecord.CustomerKey"/>.</summary>
    public required IReadOnlyList<PropertyOwner> Owners { get; init; }

    public required string City { get; init; }

    public required CityTier CityTier { get; init; }

    public required decimal AreaSqm { get; init; }

    /// <summary>Transaction price, CNY; always present for a Transfer.</summary>
    public decimal? Price { get; init; }

    /// <summary>Appraised value, CNY; always present for an Appraisal.</summary>
    public decimal? AppraisedValue { get; init; }

    /// <summary>Secured amount, CNY; always present for a MortgageRegistered.</summary>
    public decimal? MortgageAmount { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }
}

/// <summary>One owner: customer key and derived facts only. No share (共同共有, joint ownership) means undivided.</summary>
public sealed record PropertyOwner(string CustomerKey, PersonFacts Person, decimal? SharePct);

public enum PropertyEventType
{
    /// <summary>过户: a purchase or other change of ownership.</summary>
    Transfer,

    /// <summary>抵押登记.</summary>
    MortgageRegistered,

    /// <summary>解押: the mortgage is released.</summary>
    MortgageReleased,

    /// <summary>评估: a new appraisal of the property.</summary>
    Appraisal,
}

/// <summary>City tier as the credit policy uses it (unsecured caps differ by tier).</summary>
public enum CityTier
{
    /// <summary>Provincial capital, sub-provincial city or above (省会及副省级以上).</summary>
    ProvincialCapitalOrAbove,

    /// <summary>Other prefecture-level city (地级市).</summary>
    Prefecture,

    /// <summary>County or county-level city (县/县级市).</summary>
    County,
}
