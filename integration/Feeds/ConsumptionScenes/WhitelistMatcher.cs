namespace LifeWindow.Integration.Feeds.ConsumptionScenes;

/// <summary>
/// Resolves a platform's match token to our customer key through <see cref="IMatchIndex"/>, for the
/// partner that sent it (a token is only meaningful under that partner's agreed key).
/// </summary>
public sealed class WhitelistMatcher(IMatchIndex index, IOptions<IdentityOptions> identity)
{
    /// <summary>Hand-offs outstanding at once; a row that never reached its check leaves one behind, so the map is cleared when it gets this big.</summary>
    private const int MaxHandOffs = 4096;

    private readonly ConcurrentDictionary<(string Partner, WhitelistMatchKind Kind, string Token), string> handOffs = new();

    /// <summary>Whether a matching key is agreed with the partner; without one none of its tokens can ever match.</summary>
    public bool HasMatchingKey(string partner) => identity.Value.MatchingKeys.ContainsKey(partner);

    /// <summary>
    /// The customer key the token names for this partner, or null. With <paramref name="handOff"/> the
    /// answer is also left for the very next lookup of the same token (the record check that follows a
    /// batch importer's own lookup), so a matched row costs one index read, not two.
    /// </summary>
    public async Task<string?> FindAsync(string partner, WhitelistMatch match, CancellationToken cancellationToken, bool handOff = false)
    {
        var key = (partner.ToUpperInvariant(), match.Kind, match.Token);
        if (handOffs.TryRemove(key, out var handed))
        {
            return handed;
        }

        var customerKey = await index.FindAsync(partner, ToIndexKind(match.Kind), match.Token, cancellationToken).ConfigureAwait(false);
        if (handOff && customerKey is not null)
        {
            if (handOffs.Count >= MaxHandOffs)
            {
                handOffs.Clear();
            }

            handOffs[key] = customerKey;
        }

        return customerKey;
    }

    private static MatchKind ToIndexKind(WhitelistMatchKind kind) => kind switch
    {
        WhitelistMatchKind.Id => MatchKind.Id,
        WhitelistMatchKind.Phone => MatchKind.Phone,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
