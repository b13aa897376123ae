namespace LifeWindow.Domain.Profiles;

/// <summary>
/// The 360° view of one customer: recent facts as they came (bitemporal, one per source record), a snapshot
/// of older facts compacted into per-month aggregates, and the tags computed from both.
/// Immutable: folding returns a new profile.
/// </summary>
public sealed record CustomerProfile
{
    public required string CustomerKey { get; init; }

    /// <summary>Facts valid from <see cref="CompactedBefore"/> on, ordered by valid date then id.</summary>
    public IReadOnlyList<Fact> Facts { get; init; } = [];

    /// <summary>Everything valid before <see cref="CompactedBefore"/>, merged (see <see cref="ProfileFolder.Compact"/>).</summary>
    public ProfileView Snapshot { get; init; } = ProfileView.Empty;

    /// <summary>First month not compacted; null while nothing has been.</summary>
    public YearMonth? CompactedBefore { get; init; }

    /// <summary>Tags as of <see cref="UpdatedAt"/>, for readers (the talking script, operators); rules compute their own as of their time.</summary>
    public IReadOnlyDictionary<string, Tag> Tags { get; init; } = new Dictionary<string, Tag>();

    /// <summary>When we last learned something new about the customer.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    public static CustomerProfile Empty(string customerKey) => new() { CustomerKey = customerKey };

    public Tag? Tag(string name) => Tags.TryGetValue(name, out var tag) ? tag : null;

    /// <summary>Customer keys of co-owners of the customer's properties (the household), without the customer.</summary>
    public IReadOnlyList<string> Household(ProfileView view) =>
        [.. view.Properties.SelectMany(p => p.Owners).Where(k => k != CustomerKey).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
