namespace LifeWindow.Integration.Outbox;

/// <summary>The outbox beside the in-memory lead store (embedded default): one lock makes lead and entry one write.</summary>
public sealed class InMemoryLeadOutbox(ILeadStore leads) : ILeadOutbox, ICustomerDataEraser
{
    private readonly Dictionary<string, OutboxEntry> entries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim gate = new(1, 1);
    private long version;

    public string ErasedItems => "outbox entries";

    public Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        WithLock(() => entries.Values.Where(e => LeadOutboxEntries.Finished.Contains(e.Status) && e.CreatedAt < olderThan).ToList().Count(e => entries.Remove(e.EventId)), cancellationToken);

    public Task<int> EraseCustomerAsync(string customerKey, CancellationToken cancellationToken) =>
        WithLock(() => entries.Values.Where(e => e.CustomerKey == customerKey).ToList().Count(e => entries.Remove(e.EventId)), cancellationToken);

    public async Task<(Lead Lead, OutboxEntry Entry)> EnqueueLeadAsync(Lead lead, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await leads.SaveAsync(lead, cancellationToken).ConfigureAwait(false);
            return (stored, AddLocked(LeadOutboxEntries.New(stored, LeadEventKind.Created, now, null)));
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<OutboxEntry> EnqueueWithdrawalAsync(Lead lead, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return AddLocked(LeadOutboxEntries.New(lead, LeadEventKind.Withdrawn, now, reason));
        }
        finally
        {
            gate.Release();
        }
    }

    public Task<OutboxEntry?> GetAsync(string customerKey, string leadId, LeadEventKind kind, CancellationToken cancellationToken) =>
        WithLock(() => entries.TryGetValue(OutboxEntry.EventIdFor(leadId, kind), out var e) && e.CustomerKey == customerKey ? e : null, cancellationToken);

    public Task<OutboxEntry?> FindAsync(string leadId, LeadEventKind kind, CancellationToken cancellationToken) =>
        WithLock(() => entries.GetValueOrDefault(OutboxEntry.EventIdFor(leadId, kind)), cancellationToken);

    public Task<IReadOnlyList<OutboxEntry>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        WithLock<IReadOnlyList<OutboxEntry>>(() => entries.Values.Where(e => e.Status == OutboxStatus.Pending && e.NextAttemptAt <= now).OrderBy(e => e.NextAttemptAt).Take(max).ToList(), cancellationToken);

    public async IAsyncEnumerable<OutboxEntry> ListAsync(OutboxStatus? status, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var all = await WithLock(() => entries.Values.Where(e => status is null || e.Status == status).OrderBy(e => e.CreatedAt).ToList(), cancellationToken).ConfigureAwait(false);
        foreach (var entry in all)
        {
            yield return entry;
        }
    }

    public Task<OutboxEntry?> TryUpdateAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WithLock(() =>
        {
            if (!entries.TryGetValue(entry.EventId, out var current) || current.ETag != entry.ETag)
            {
                return null;
            }

            var stored = entry with { ETag = NextETag() };
            entries[entry.EventId] = stored;
            return (OutboxEntry?)stored;
        }, cancellationToken);
    }

    private OutboxEntry AddLocked(OutboxEntry entry)
    {
        if (entries.TryGetValue(entry.EventId, out var existing))
        {
            return existing;
        }

        var stored = entry with { ETag = NextETag() };
        entries[entry.EventId] = stored;
        return stored;
    }

    private string NextETag() => (++version).ToString(CultureInfo.InvariantCulture);

    private async Task<T> WithLock<T>(Func<T> read, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return read();
        }
        finally
        {
            gate.Release();
        }
    }
}

internal static class LeadOutboxEntries
{
    /// <summary>The states a delivery ends in; only these are forgotten by retention.</summary>
    public static readonly IReadOnlyList<OutboxStatus> Finished = [OutboxStatus.Sent, OutboxStatus.Expired, OutboxStatus.Cancelled];

    public static OutboxEntry New(Lead lead, LeadEventKind kind, DateTimeOffset now, string? reason) => new()
    {
        CustomerKey = lead.CustomerKey,
        LeadId = lead.LeadId,
        WindowId = lead.WindowId,
        Kind = kind,
        CreatedAt = now,
        NextAttemptAt = now,
        ExpiresAt = lead.RespondBy,
        Reason = reason,
        TraceParent = LifeWindowTelemetry.CurrentTraceParent,
    };
}
