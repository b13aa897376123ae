using LifeWindow.Domain.Leads;
using LifeWindow.Domain.Time;

namespace LifeWindow.Functions.Crm;

/// <summary>
/// POST /api/crm/outcomes: the CRM's outcome webhook ("crm.lead-outcome", signed like every partner webhook): validates the
/// outcome and raises it as an external event on the lead's offer workflow.
/// </summary>
public sealed class CrmOutcomeFunction(SignedWebhookPipeline pipeline, TimeProvider time)
{
    public const string Scope = "crm-outcomes";
    public const string EventType = "crm.lead-outcome";

    [Function(nameof(CrmOutcomeFunction))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "crm/outcomes")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var workflows = new DurableWorkflowGateway(durable);
        return pipeline.RunAsync(Scope, request, (delivery, ct) => RaiseAsync(delivery, workflows, BusinessClock.Today(time), ct), cancellationToken);
    }

    private static async Task<StoredResponse> RaiseAsync(SignedDelivery delivery, IWorkflowGateway workflows, DateOnly today, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (SignedWebhookPipeline.ReadEnvelope(delivery.Body, [EventType], errors) is not { } envelope
            || Parse(envelope.Data, today, errors) is not { } parsed)
        {
            return WebhookResponses.Invalid(errors, "The outcome is not valid.");
        }

        var (windowId, outcome) = parsed;
        return await workflows.RaiseCrmOutcomeAsync(windowId, outcome, cancellationToken).ConfigureAwait(false) switch
        {
            RaiseOutcome.Raised => WebhookResponses.Json(StatusCodes.Status202Accepted, new { outcome.LeadId, outcome = outcome.Outcome.ToString(), status = "recorded" }),
            RaiseOutcome.NotFound => WebhookResponses.Problem(StatusCodes.Status404NotFound, "Unknown lead.", $"No offer workflow exists for lead {outcome.LeadId}."),
            _ => WebhookResponses.Problem(StatusCodes.Status409Conflict, "The lead is closed.", $"The offer workflow for lead {outcome.LeadId} has finished (outcome already recorded or window expired)."),
        };
    }

    private static (string WindowId, CrmOutcome Outcome)? Parse(System.Text.Json.JsonElement data, DateOnly today, ValidationErrors errors)
    {
        if (JsonFields.Object(data, "data", errors) is not { } fields)
        {
            return null;
        }

        var leadId = fields.String("leadId", 128);
        var windowId = leadId is null ? null : Lead.WindowIdFrom(leadId);
        if (leadId is not null && windowId is null)
        {
            fields.Error("leadId", "is not a LifeWindow lead id (lead-w-…)");
        }

        var outcome = fields.Enum<LeadOutcome>("outcome");
        if (outcome == LeadOutcome.Expired)
        {
            fields.Error("outcome", "Expired is set by LifeWindow when the window closes, not by the CRM");
        }

        var rmId = fields.String("rmId", 64);
        var occurredAt = fields.Timestamp("occurredAt", required: true, today);
        var note = fields.String("note", 500, required: false);

        return errors.Any || windowId is null || outcome is null || rmId is null || occurredAt is null
            ? null
            : (windowId, new CrmOutcome(leadId!, outcome.Value, rmId, occurredAt.Value, note));
    }
}
