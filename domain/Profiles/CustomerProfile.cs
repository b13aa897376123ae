using LifeWindow.Domain.Feeds;
using LifeWindow.Domain.Time;

namespace LifeWindow.Domain.Profiles;

/// <summary>
/// The folded 360° view of one customer: facts from every feed plus tags computed from them.
/// Immutable: folding returns a new profile.
/// </summary>
public sealed record CustomerProfile
{
    public required string CustomerKey { get; init; }

    public PersonFacts? Person { get; init; }

    /// <summary>One fact per contribution month, sorted by period.</summary>
    public IReadOnlyList<ProvidentFundFact> ProvidentFund { get; init; } = [];

    public IReadOnlyDictionary<string, Tag> Tags { get; init; } = new Dictionary<string, Tag>();

    /// <summary>When we last learned something new about the customer.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    public static CustomerProfile Empty(string customerKey) => new() { CustomerKey = customerKey };

    public Tag? Tag(string name) => Tags.TryGetValue(name, out var tag) ? tag : null;
}

/// <summary>A provident-fund month as we hold it: valid for <see cref="Period"/>, recorded at <see cref="RecordedAt"/>.</summary>
public sealed record ProvidentFundFact(
    YearMonth Period,
    decimal ContributionBase,
    EmployerSector Sector,
    ContributionStatus Status,
    string EmployerUscc,
    string RecordId,
    string EvidenceHash,
    DateTimeOffset? ReportedAt,
    DateTimeOffset RecordedAt);
