namespace LifeWindow.Integration.Exposure;

public enum ExposureKind
{
    Mortgage,
    Consumer,
    Business,
}

public enum HoldState
{
    /// <summary>Counts against the cap until it expires.</summary>
    Held,

    /// <summary>Accepted: its amount moved into the Consumer balance.</summary>
    Confirmed,

    /// <summary>Declined, expired or withdrawn: counts for nothing; kept so a retried place/release stays a no-op.</summary>
    Released,
}

/// <summary>An approved amount reserved in exposure, keyed by the decision's instance id.</summary>
public sealed record ExposureHold(string HoldId, decimal Amount, DateTimeOffset PlacedAt, DateTimeOffset ExpiresAt, HoldState State)
{
    public bool IsActive(DateTimeOffset asOf) => State == HoldState.Held && ExpiresAt > asOf;
}

/// <summary>
/// One customer's exposure document (one Table row, PartitionKey = customer key): balances by kind and the
/// holds of decisions. Version is the storage ETag it was read with (null: not stored yet).
/// </summary>
public sealed record CustomerExposure
{
    public required string CustomerKey { get; init; }

    public decimal Mortgage { get; init; }

    public decimal Consumer { get; init; }

    public decimal Business { get; init; }

    public IReadOnlyList<ExposureHold> Holds { get; init; } = [];

    public DateTimeOffset? UpdatedAt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string? Version { get; init; }

    public static CustomerExposure Empty(string customerKey) => new() { CustomerKey = customerKey };

    public decimal ActiveHolds(DateTimeOffset asOf) => Holds.Where(h => h.IsActive(asOf)).Sum(h => h.Amount);

    public decimal Unsecured(DateTimeOffset asOf) => Consumer + Business + ActiveHolds(asOf);

    public ExposureHold? Hold(string holdId) => Holds.FirstOrDefault(h => h.HoldId == holdId);

    public ExposureSummary Summary(DateTimeOffset asOf) => new(Mortgage, Consumer, Business, ActiveHolds(asOf));

    public decimal Balance(ExposureKind kind) => kind switch
    {
        ExposureKind.Mortgage => Mortgage,
        ExposureKind.Consumer => Consumer,
        _ => Business,
    };
}

/// <summary>
/// Place <see cref="Amount"/> on <see cref="CustomerKey"/> under <see cref="UnsecuredCap"/>, counting the unsecured
/// exposure of the customer and every co-owner in <see cref="CoOwners"/> (the unified household exposure).
/// </summary>
public sealed record HoldRequest(
    string CustomerKey,
    IReadOnlyList<string> CoOwners,
    string HoldId,
    decimal Amount,
    decimal UnsecuredCap,
    DateTimeOffset Now,
    DateTimeOffset ExpiresAt);

public enum HoldStatus
{
    Placed,

    /// <summary>This hold id was placed before (a retried activity): nothing changed.</summary>
    AlreadyPlaced,

    /// <summary>It does not fit under the cap; <see cref="HoldResult.Room"/> says what would.</summary>
    OverCap,

    /// <summary>This hold id was released or confirmed earlier; it is not placed again.</summary>
    Closed,
}

public sealed record HoldResult(HoldStatus Status, decimal Amount, decimal Room, decimal HouseholdUnsecured);

public static class ExposureSums
{
    public static ExposureSummary Add(this ExposureSummary a, ExposureSummary b) =>
        new(a.Mortgage + b.Mortgage, a.Consumer + b.Consumer, a.Business + b.Business, a.Holds + b.Holds);
}
