using System.Diagnostics;
using LifeWindow.Integration.Claims;
using LifeWindow.Integration.Outbox;
using LifeWindow.Integration.Telemetry;

namespace LifeWindow.Orchestrations.Offer;

/// <summary>
/// Puts the decided lead into the outbox (lead and pending delivery in one write), then makes one immediate attempt
/// to deliver it, so that a CRM that is up gets the lead at once. Whatever that attempt meets, the dispatcher owns the
/// retries: this activity never fails because the CRM is down. Safe to run more than once (the lead id is fixed).
/// </summary>
public sealed class EnqueueLeadActivity(ILeadOutbox outbox, LeadDispatcher dispatcher, LeadRouter router, TimeProvider time) : TaskActivity<DeliverLeadInput, LeadQueued>
{
    public override async Task<LeadQueued> RunAsync(TaskActivityContext context, DeliverLeadInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var activity = LifeWindowTelemetry.StartActivity("lifewindow.lead.enqueue", ActivityKind.Internal, input.TraceParent);
        var (lead, entry) = await outbox.EnqueueLeadAsync(input.ToLead(), time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);

        // Into the inbox of the RM who holds the customer's group (before the CRM hears, so the RM's page has it first).
        await router.RouteAsync(lead, CancellationToken.None).ConfigureAwait(false);
        var status = entry.Status == OutboxStatus.Pending && entry.NextAttemptAt <= time.GetUtcNow()
            ? await dispatcher.TryDeliverAsync(entry, workflows: null, CancellationToken.None).ConfigureAwait(false)
            : entry.Status;
        return new LeadQueued(lead.LeadId, status == OutboxStatus.Sent);
    }
}
