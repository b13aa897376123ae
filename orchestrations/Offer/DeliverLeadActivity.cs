using LifeWindow.Integration.Crm;
using LifeWindow.Integration.Telemetry;

namespace LifeWindow.Orchestrations.Offer;

/// <summary>
/// Offer workflows of code versions 1 and 2 (in flight before the outbox): stores the lead (first write wins, so a retry sends the very text we hold) and posts it to the CRM
/// with the lead id as the idempotency key. Safe to run more than once.
/// </summary>
public sealed class DeliverLeadActivity(ILeadStore leads, CrmClient crm) : TaskActivity<DeliverLeadInput, LeadDelivered>
{
    public override async Task<LeadDelivered> RunAsync(TaskActivityContext context, DeliverLeadInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var activity = LifeWindowTelemetry.StartActivity("lifewindow.lead.deliver", System.Diagnostics.ActivityKind.Producer, input.TraceParent);
        var lead = await leads.SaveAsync(input.ToLead(), CancellationToken.None).ConfigureAwait(false);

        var receipt = await crm.DeliverLeadAsync(lead, CancellationToken.None).ConfigureAwait(false);
        return new LeadDelivered(lead.LeadId, receipt.StatusCode);
    }
}
