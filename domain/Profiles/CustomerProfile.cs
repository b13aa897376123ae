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

    private IReadOnlyDictionary<string, Tag>? tags;
    private PendingTags? pendingTags;

    /// <summary>
    /// Tags as of <see cref="UpdatedAt"/>, for readers (the talking script, operators, the stored row); rules compute
    /// their own as of their time. A fold does not compute them: they are computed on first read from the profile the
    /// fold returned (a copy made from it later with other facts, such as the stored head row, keeps that profile's
    /// tags), so a fold whose tags nobody reads — the embedded stream consumer's, whose rules compute their own — does
    /// not pay for them (docs/performance.md).
    /// </summary>
    public IReadOnlyDictionary<string, Tag> Tags
    {
        get => tags ?? pendingTags?.Value ?? NoTags;
        init
        {
            tags = value;
            pendingTags = null;
        }
    }

    /// <summary>When we last learned something new about the customer.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    public static CustomerProfile Empty(string customerKey) => new() { CustomerKey = customerKey };

    /// <summary>This profile with its tags to be computed with <paramref name="settings"/> when first read.</summary>
    public CustomerProfile WithTagsFrom(TagSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var copy = this with { };
        copy.tags = null;
        copy.pendingTags = new PendingTags(copy, settings);
        return copy;
    }

    private static readonly IReadOnlyDictionary<string, Tag> NoTags = new Dictionary<string, Tag>();

    /// <summary>The tags of one profile, computed once when first asked for (a race computes the same twice).</summary>
    private sealed class PendingTags(CustomerProfile source, TagSettings settings)
    {
        private IReadOnlyDictionary<string, Tag>? value;

        public IReadOnlyDictionary<string, Tag> Value => value ??=
            TagEngine.Compute(ProfileFolder.ViewOf(source, settings), settings, source.UpdatedAt ?? DateTimeOffset.MinValue, source.CustomerKey)
                .ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
    }

    public Tag? Tag(string name) => Tags.TryGetValue(name, out var tag) ? tag : null;

    /// <summary>Customer keys of co-owners of the customer's properties (the household), without the customer.</summary>
    public IReadOnlyList<string> Household(ProfileView view) =>
        [.. view.Properties.SelectMany(p => p.Owners).Where(k => k != CustomerKey).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
