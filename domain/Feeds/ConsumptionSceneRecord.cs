namespace LifeWindow.Domain.Feeds;

/// <summary>
/// Consumption-scene whitelist (美团/京东-style), canonical record v1: one platform's view of one matched
/// customer's month — per scene, how many orders and a coarse spend band. The platform never sees or
/// sends an identifier: it names the customer by a keyed hash (match token), which ingress resolves
/// to our customer key and then drops.
/// </summary>
public sealed record ConsumptionSceneRecord : FeedRecord
{
    public const string TypeName = "consumption-scenes/v1";

    /// <summary>Customer key of a record whose match token has not been resolved yet (it never leaves ingress).</summary>
    public const string UnresolvedCustomerKey = "unresolved";

    /// <summary>
    /// The platform sends no identifier, so no person facts can be derived; <see cref="FeedRecord.Person"/>
    /// is required on every record, so whitelist records carry this marker and the profile must never take
    /// person facts from them (Residency has no "unknown" value; the marker's residency means nothing).
    /// </summary>
    public static readonly PersonFacts NotDerived = new("Unknown", "Unknown", Residency.NewResident);

    public required YearMonth Period { get; init; }

    /// <summary>One entry per reported scene, ordered by scene, no scene twice.</summary>
    public required IReadOnlyList<SceneActivity> Scenes { get; init; }

    /// <summary>
    /// The partner's token until the match check resolves it. Never serialized: tokens stay at ingress.
    /// </summary>
    [JsonIgnore]
    public WhitelistMatch? PendingMatch { get; init; }

    // Value equality over the scene list (a record compares lists by reference); PendingMatch is transient and not compared.
    public bool Equals(ConsumptionSceneRecord? other) =>
        other is not null && base.Equals(other) && Period == other.Period && Scenes.SequenceEqual(other.Scenes);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Period, Scenes.Count);
}

/// <summary>What the platform reports for one scene in one month.</summary>
public sealed record SceneActivity(ConsumptionScene Scene, int OrderCount, SpendBand SpendBand);

public enum ConsumptionScene
{
    MaternalBaby,
    Travel,
    Dining,
    Education,
    HomeFurnishing,
    Auto,
    Medical,
}

/// <summary>The month's spend in a scene, CNY, as a band (platforms share bands, not amounts).</summary>
public enum SpendBand
{
    /// <summary>"&lt;1k": under 1,000.</summary>
    Below1k,

    /// <summary>"1k-5k": 1,000 to under 5,000.</summary>
    From1kTo5k,

    /// <summary>"5k-20k": 5,000 to under 20,000.</summary>
    From5kTo20k,

    /// <summary>"&gt;20k": 20,000 or more.</summary>
    Above20k,
}

/// <summary>The labels partners use on the wire for <see cref="SpendBand"/>.</summary>
public static class SpendBands
{
    private static readonly string[] Labels = ["<1k", "1k-5k", "5k-20k", ">20k"];

    public static IReadOnlyList<string> All => Labels;

    public static string Label(this SpendBand band) => Labels[(int)band];

    public static bool TryParse(string? label, out SpendBand band)
    {
        var index = Array.IndexOf(Labels, label);
        band = index < 0 ? default : (SpendBand)index;
        return index >= 0;
    }
}

public enum WhitelistMatchKind
{
    /// <summary>Token of "id:&lt;18-character resident ID&gt;".</summary>
    Id,

    /// <summary>Token of "phone:&lt;11-digit mainland mobile&gt;".</summary>
    Phone,
}

/// <summary>How the platform named the customer: the kind of identifier and its keyed hash (64 lower-case hex).</summary>
public sealed record WhitelistMatch(WhitelistMatchKind Kind, string Token)
{
    // Tokens are pseudonymous identifiers: keep them out of logs and exception messages.
    public override string ToString() => $"{Kind} match token";
}
