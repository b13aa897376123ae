using LifeWindow.Integration.Crm;

namespace LifeWindow.Integration.Outbox;

public sealed class LeadDeliveryOptions
{
    public const string Section = "LeadDelivery";

    /// <summary>First retry delay; it doubles per attempt (with jitter) up to <see cref="MaxDelaySeconds"/>.</summary>
    [Range(1, 3600)]
    public int BaseDelaySeconds { get; set; } = 5;

    [Range(1, 86_400)]
    public int MaxDelaySeconds { get; set; } = 600;

    /// <summary>How long an attempt keeps an entry to itself; a dispatcher that dies mid-send frees it after this.</summary>
    [Range(5, 3600)]
    public int ClaimLeaseSeconds { get; set; } = 120;

    /// <summary>Entries taken per dispatch run.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;
}

public sealed record DispatchReport(int Delivered, int Retrying, int Parked, int Expired, int Skipped);

public enum RedeliverStatus
{
    Scheduled,
    NotFound,
    AlreadySent,
    Closed,
}

/// <summary>
/// Delivers the lead outbox to the CRM. Each due entry is claimed first (an ETag update that pushes its next attempt
/// out by the claim lease, so two dispatchers never send it at once), sent, and then settled: Sent (after the
/// waiting offer workflow is told), retried later with exponential backoff and jitter that honours the CRM's
/// Retry-After, Parked on a permanent refusal with the CRM's reason, or Expired when the lead's window has closed.
/// Nothing is dropped: every entry ends in one of those states, and operators see and redeliver them.
/// A crash between sending and settling sends the event again later with the same Idempotency-Key.
/// </summary>
public sealed partial class LeadDispatcher(
    ILeadOutbox outbox,
    ILeadStore leads,
    CrmClient crm,
    IAuditLog audit,
    IOptions<LeadDeliveryOptions> options,
    TimeProvider time,
    ILogger<LeadDispatcher> logger)
{
    /// <summary>Delivers every due entry; <paramref name="workflows"/> is told of each delivered lead.</summary>
    public async Task<DispatchReport> DispatchDueAsync(IWorkflowGateway workflows, CancellationToken cancellationToken)
    {
        var due = await outbox.ListDueAsync(time.GetUtcNow(), options.Value.BatchSize, cancellationToken).ConfigureAwait(false);
        var counts = new int[5];
        foreach (var entry in due)
        {
            var status = await TryDeliverAsync(entry, workflows, cancellationToken).ConfigureAwait(false);
            counts[status switch
            {
                OutboxStatus.Sent => 0,
                OutboxStatus.Pending => 1,
                OutboxStatus.Parked => 2,
                OutboxStatus.Expired => 3,
                _ => 4,
            }]++;
        }

        return new DispatchReport(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    /// <summary>
    /// One attempt at one entry; returns its state afterwards (Pending also when another dispatcher holds it).
    /// <paramref name="workflows"/> may be null when the caller is the workflow itself (it learns from the result).
    /// </summary>
    public async Task<OutboxStatus> TryDeliverAsync(OutboxEntry entry, IWorkflowGateway? workflows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var now = time.GetUtcNow();
        if (entry.Status != OutboxStatus.Pending)
        {
            return entry.Status;
        }

        // Each attempt is a span of the lead's trace; the CloudEvent sent carries it as its traceparent.
        using var activity = LifeWindowTelemetry.StartActivity("lifewindow.lead.deliver", System.Diagnostics.ActivityKind.Producer, entry.TraceParent);
        activity?.SetTag("lifewindow.lead.event", entry.Kind.ToString());
        var status = await AttemptAsync(entry, workflows, now, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("lifewindow.result", status.ToString());
        return status;
    }

    private async Task<OutboxStatus> AttemptAsync(OutboxEntry entry, IWorkflowGateway? workflows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (now >= entry.ExpiresAt)
        {
            LogExpired(logger, entry.EventId, entry.Attempts, entry.LastError);
            LifeWindowTelemetry.LeadDeliveryAttempted(entry.Kind.ToString(), nameof(OutboxStatus.Expired));
            return await SettleAsync(entry with { Status = OutboxStatus.Expired }, cancellationToken).ConfigureAwait(false);
        }

        var claimed = await outbox.TryUpdateAsync(entry with { Attempts = entry.Attempts + 1, NextAttemptAt = now.AddSeconds(options.Value.ClaimLeaseSeconds) }, cancellationToken).ConfigureAwait(false);
        if (claimed is null)
        {
            return OutboxStatus.Pending; // Another dispatcher has it.
        }

        var lead = (await leads.GetAsync(entry.CustomerKey, entry.LeadId, cancellationToken).ConfigureAwait(false))?.Lead
            ?? throw new InvalidOperationException($"Outbox entry {entry.EventId} has no lead.");
        var result = entry.Kind == LeadEventKind.Created
            ? await crm.SendLeadCreatedAsync(lead, cancellationToken).ConfigureAwait(false)
            : await crm.SendLeadWithdrawnAsync(lead, entry.Reason ?? "WindowClosed", entry.CreatedAt, cancellationToken).ConfigureAwait(false);
        LifeWindowTelemetry.LeadDeliveryAttempted(entry.Kind.ToString(), result.Status.ToString());

        switch (result.Status)
        {
            case CrmDeliveryStatus.Delivered:
                LogDelivered(logger, claimed.EventId, claimed.Attempts);
                await audit.AppendForCustomerAsync(entry.CustomerKey, Audits.LeadDelivered(lead, entry.Kind, entry.EventId, entry.Reason), cancellationToken).ConfigureAwait(false);
                if (workflows is not null && entry.Kind == LeadEventKind.Created)
                {
                    // Told before settling: a crash in between only sends the lead again (same Idempotency-Key) and tells again.
                    await workflows.NotifyLeadDeliveredAsync(entry.WindowId, entry.LeadId, cancellationToken).ConfigureAwait(false);
                }

                return await SettleAsync(claimed with { Status = OutboxStatus.Sent, SentAt = time.GetUtcNow(), LastStatusCode = result.StatusCode, LastError = null }, cancellationToken, lead).ConfigureAwait(false);
            case CrmDeliveryStatus.Permanent:
                LogParked(logger, claimed.EventId, result.StatusCode, result.Reason);
                return await SettleAsync(claimed with { Status = OutboxStatus.Parked, LastStatusCode = result.StatusCode, LastError = result.Reason }, cancellationToken).ConfigureAwait(false);
            default:
                var delay = RetryDelay(claimed.Attempts, result.RetryAfter);
                LogRetrying(logger, claimed.EventId, claimed.Attempts, result.StatusCode, delay.TotalSeconds, result.Reason);
                return await SettleAsync(claimed with { NextAttemptAt = time.GetUtcNow() + delay, LastStatusCode = result.StatusCode, LastError = result.Reason }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>An operator's redelivery: a parked or pending entry is due again now (its lead must still be open).</summary>
    public async Task<(RedeliverStatus Status, OutboxEntry? Entry)> RedeliverAsync(string leadId, LeadEventKind kind, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var entry = await outbox.FindAsync(leadId, kind, cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                return (RedeliverStatus.NotFound, null);
            }

            if (entry.Status == OutboxStatus.Sent)
            {
                return (RedeliverStatus.AlreadySent, entry);
            }

            if (entry.Status is OutboxStatus.Expired or OutboxStatus.Cancelled || time.GetUtcNow() >= entry.ExpiresAt)
            {
                return (RedeliverStatus.Closed, entry);
            }

            if (await outbox.TryUpdateAsync(entry with { Status = OutboxStatus.Pending, NextAttemptAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false) is { } due)
            {
                return (RedeliverStatus.Scheduled, due);
            }
        }

        return (RedeliverStatus.Scheduled, null);
    }

    /// <summary>
    /// Exponential backoff with "equal jitter" (half fixed, half random), never sooner than the CRM asked.
    /// Written here rather than taken from Polly: the delay must be stored with the entry, across processes,
    /// not slept in one; Polly's generators are internal to its retry strategy.
    /// </summary>
    public TimeSpan RetryDelay(int attempts, TimeSpan? retryAfter)
    {
        var o = options.Value;
        var exponential = Math.Min(o.MaxDelaySeconds, o.BaseDelaySeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30)));
        var jittered = TimeSpan.FromSeconds((exponential / 2) + (Random.Shared.NextDouble() * exponential / 2));
        return retryAfter is { } asked && asked > jittered ? asked : jittered;
    }

    private async Task<OutboxStatus> SettleAsync(OutboxEntry settled, CancellationToken cancellationToken, Lead? delivered = null)
    {
        if (await outbox.TryUpdateAsync(settled, cancellationToken).ConfigureAwait(false) is not null)
        {
            return settled.Status;
        }

        // Changed underneath: the workflow cancelled it while we sent (its window closed). The CRM has the lead now, so withdraw it.
        var current = await outbox.GetAsync(settled.CustomerKey, settled.LeadId, settled.Kind, cancellationToken).ConfigureAwait(false);
        if (delivered is not null && settled.Kind == LeadEventKind.Created && current?.Status == OutboxStatus.Cancelled)
        {
            await outbox.EnqueueWithdrawalAsync(delivered, current.Reason ?? "WindowClosed", time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        return current?.Status ?? settled.Status;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CRM took {EventId} (attempt {Attempt})")]
    private static partial void LogDelivered(ILogger logger, string eventId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CRM did not take {EventId} (attempt {Attempt}, status {StatusCode}); retrying in {DelaySeconds:F0} s: {Reason}")]
    private static partial void LogRetrying(ILogger logger, string eventId, int attempt, int? statusCode, double delaySeconds, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "CRM refused {EventId} for good (status {StatusCode}); parked for an operator: {Reason}")]
    private static partial void LogParked(ILogger logger, string eventId, int? statusCode, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{EventId} expired undelivered after {Attempts} attempts: {LastError}")]
    private static partial void LogExpired(ILogger logger, string eventId, int attempts, string? lastError);
}
