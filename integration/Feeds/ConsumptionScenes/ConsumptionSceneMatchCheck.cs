namespace LifeWindow.Integration.Feeds.ConsumptionScenes;

/// <summary>
/// Completes a whitelist record: finds the customer its match token names for the sending partner and
/// returns the record with that customer key and without the token — or rejects it as unmatched.
/// </summary>
public sealed class ConsumptionSceneMatchCheck(WhitelistMatcher matcher) : IFeedRecordCheck
{
    /// <summary>Start of the reason given for an unmatched record; import reports count these apart from other rejections.</summary>
    public const string UnmatchedReason = "matches no customer";

    public async Task<FeedRecord> CheckAsync(FeedRecord record, FeedCheckContext context, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (record is not ConsumptionSceneRecord whitelist)
        {
            return record;
        }

        var at = $"{context.Path}.matchToken";
        if (whitelist.PendingMatch is not { } match)
        {
            // Only the parser makes these records; one without a token cannot be placed.
            errors.Add(at, "is required");
            return record;
        }

        if (!matcher.HasMatchingKey(context.Partner))
        {
            errors.Add(at, $"cannot be matched: no matching key is agreed with partner '{context.Partner}' (Identity:MatchingKeys)");
            return record;
        }

        var customerKey = await matcher.FindAsync(context.Partner, match, cancellationToken).ConfigureAwait(false);
        if (customerKey is null)
        {
            errors.Add(at, $"{UnmatchedReason} known to us for partner '{context.Partner}' ({match.Kind} token); either not our customer, or the token was not made with the agreed key");
            return record;
        }

        return whitelist with { CustomerKey = customerKey, PendingMatch = null };
    }

    public Task AcceptedAsync(FeedRecord record, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>True when a rejection's errors say the record was well-formed but named nobody we know.</summary>
    public static bool IsUnmatched(IDictionary<string, string[]>? errors) =>
        errors is { Count: 1 } && errors.Single() is var (path, messages)
        && path.EndsWith(".matchToken", StringComparison.Ordinal) && messages.Length == 1 && messages[0].StartsWith(UnmatchedReason, StringComparison.Ordinal);
}
