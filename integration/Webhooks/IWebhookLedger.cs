namespace LifeWindow.Integration.Webhooks;

/// <summary>
/// Remembers webhook-ids so a redelivery has no second effect. A delivery first claims its id (with a
/// lease, so a crashed delivery does not block retries forever), then completes it with the response,
/// which a redelivery gets back verbatim.
/// </summary>
public interface IWebhookLedger
{
    Task<LedgerClaim> TryClaimAsync(string scope, string webhookId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    Task CompleteAsync(string scope, string webhookId, StoredResponse response, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Gives the id back after a failure that the sender should retry.</summary>
    Task ReleaseAsync(string scope, string webhookId, CancellationToken cancellationToken);

    Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}

public enum ClaimStatus
{
    Claimed,
    InProgress,
    Completed,
}

public sealed record LedgerClaim(ClaimStatus Status, StoredResponse? Response)
{
    public static readonly LedgerClaim Claimed = new(ClaimStatus.Claimed, null);
    public static readonly LedgerClaim InProgress = new(ClaimStatus.InProgress, null);
}

/// <summary>The HTTP response given to a delivery, kept for its redeliveries.</summary>
public sealed record StoredResponse(int StatusCode, string ContentType, string Body);
