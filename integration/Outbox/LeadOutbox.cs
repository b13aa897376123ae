namespace LifeWindow.Integration.Outbox;

/// <summary>Which CloudEvent an outbox entry sends: the lead itself, or its withdrawal after the window closed under it.</summary>
public enum LeadEventKind
{
    Created,
    Withdrawn,
}

/// <summary>
/// Pending: waiting for its next attempt. Sent: the CRM acknowledged it. Parked: the CRM refused it for good (a 4xx);
/// an operator may redeliver. Expired: the lead's window closed before the CRM took it. Cancelled: the window closed
/// before delivery, so it is not to be sent.
/// </summary>
public enum OutboxStatus
{
    Pending,
    Sent,
    Parked,
    Expired,
    Cancelled,
}

/// <summary>One event to deliver to the CRM, beside its lead (same partition), with its delivery state.</summary>
public sealed record OutboxEntry
{
    public required string CustomerKey { get; init; }

    public required string LeadId { get; init; }

    public required string WindowId { get; init; }

    public required LeadEventKind Kind { get; init; }

    public OutboxStatus Status { get; init; } = OutboxStatus.Pending;

    public int Attempts { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset NextAttemptAt { get; init; }

    /// <summary>The lead's respond-by time: past it the entry is not delivered any more.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public int? LastStatusCode { get; init; }

    public string? LastError { get; init; }

    /// <summary>Withdrawals: why the window closed.</summary>
    public string? Reason { get; init; }

    /// <summary>Optimistic concurrency: the version read; updates fail when it changed underneath.</summary>
    public string? ETag { get; init; }

    /// <summary>The CloudEvent id, also the CRM's Idempotency-Key: the lead id, or the lead id + ":withdrawn".</summary>
    public string EventId => EventIdFor(LeadId, Kind);

    public static string EventIdFor(string leadId, LeadEventKind kind) => kind == LeadEventKind.Created ? leadId : leadId + ":withdrawn";

    /// <summary>The W3C traceparent the entry was enqueued in (the workflow's trace): each delivery attempt is a span of that trace.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>
/// The transactional outbox of leads. Enqueuing a lead stores the lead and its pending "created" entry together (one
/// entity-group transaction in Table storage), so a decided lead is never without its delivery, and a delivery never
/// without its lead. A dispatcher sends due entries and records the result; operators list and redeliver.
/// </summary>
public interface ILeadOutbox
{
    /// <summary>Stores the lead with a pending created entry; again for the same lead id, returns what is stored (first write wins).</summary>
    Task<(Lead Lead, OutboxEntry Entry)> EnqueueLeadAsync(Lead lead, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Adds a pending withdrawal of a delivered lead (idempotent).</summary>
    Task<OutboxEntry> EnqueueWithdrawalAsync(Lead lead, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    Task<OutboxEntry?> GetAsync(string customerKey, string leadId, LeadEventKind kind, CancellationToken cancellationToken);

    /// <summary>Finds an entry by lead id alone (operators know only that).</summary>
    Task<OutboxEntry?> FindAsync(string leadId, LeadEventKind kind, CancellationToken cancellationToken);

    /// <summary>Pending entries whose next attempt is due, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    IAsyncEnumerable<OutboxEntry> ListAsync(OutboxStatus? status, CancellationToken cancellationToken);

    /// <summary>
    /// Retention: forgets finished entries (Sent, Expired, Cancelled) created before <paramref name="olderThan"/>; a pending
    /// or parked delivery is never forgotten, however old.
    /// </summary>
    Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);

    /// <summary>Replaces the entry if it is still at <see cref="OutboxEntry.ETag"/>: the stored entry (its new ETag), or null when someone changed it first.</summary>
    Task<OutboxEntry?> TryUpdateAsync(OutboxEntry entry, CancellationToken cancellationToken);
}
