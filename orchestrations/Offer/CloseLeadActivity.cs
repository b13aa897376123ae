using LifeWindow.Integration.Outbox;

namespace LifeWindow.Orchestrations.Offer;

/// <summary>
/// The window closed under a lead (suppressed, superseded, or expired before the CRM took it): a lead not yet
/// delivered is cancelled in the outbox; a delivered one is withdrawn toward the CRM (lifewindow.lead.withdrawn).
/// Returns true when a withdrawal was queued. Idempotent.
/// </summary>
public sealed class CloseLeadActivity(ILeadOutbox outbox, ILeadStore leads, TimeProvider time) : TaskActivity<CloseLeadInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, CloseLeadInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        while (true)
        {
            var entry = await outbox.GetAsync(input.CustomerKey, input.LeadId, LeadEventKind.Created, CancellationToken.None).ConfigureAwait(false);
            switch (entry?.Status)
            {
                case null or OutboxStatus.Cancelled or OutboxStatus.Expired:
                    return false;
                case OutboxStatus.Sent:
                    var lead = (await leads.GetAsync(input.CustomerKey, input.LeadId, CancellationToken.None).ConfigureAwait(false))?.Lead
                        ?? throw new InvalidOperationException($"Lead {input.LeadId} is in the outbox but not stored.");
                    await outbox.EnqueueWithdrawalAsync(lead, input.Reason, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                    return true;
                default:
                    // Pending or parked: not to be sent any more. If a dispatcher is sending it right now, it finds the entry
                    // cancelled when it settles, and queues the withdrawal itself.
                    if (await outbox.TryUpdateAsync(entry with { Status = OutboxStatus.Cancelled, Reason = input.Reason }, CancellationToken.None).ConfigureAwait(false) is not null)
                    {
                        return false;
                    }

                    break;
            }
        }
    }
}
