namespace LifeWindow.Integration.Feeds;

/// <summary>
/// A step that needs I/O and so cannot live in a (synchronous, pure) parser, e.g. "a red-letter
/// invoice must reverse an invoice we know", or "find the customer a partner's match token names".
/// Runs after parsing, in registration order, and may return a completed copy of the record (or the
/// record unchanged, or add errors). <see cref="AcceptedAsync"/> runs once the record is on the
/// stream (e.g. to remember the invoice number). A check ignores record types it is not about.
/// </summary>
public interface IFeedRecordCheck
{
    Task<FeedRecord> CheckAsync(FeedRecord record, FeedCheckContext context, ValidationErrors errors, CancellationToken cancellationToken);

    Task AcceptedAsync(FeedRecord record, CancellationToken cancellationToken);
}

/// <summary>
/// Where the record being checked came from (partner, feed) and its path in the delivery. A delivery's
/// records are all judged before any is published, so a check that depends on what was accepted before
/// (see <see cref="IFeedRecordCheck.AcceptedAsync"/>) must also look at <see cref="AcceptedBefore"/>.
/// </summary>
public sealed record FeedCheckContext(string Feed, string Partner, string Path)
{
    /// <summary>The records of the same delivery judged acceptable before this one, in order (not yet published).</summary>
    public IReadOnlyList<FeedRecord> AcceptedBefore { get; init; } = [];
}
