using LifeWindow.Domain.Compliance;
using LifeWindow.Domain.Contact;
using LifeWindow.Domain.Leads;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace LifeWindow.Orchestrations.Offer;

/// <summary>
/// One per window (instance id = window id): plan (window still open, arbitration over the candidate offers,
/// consent and contact rules), render the talking script and pass it through the compliance filter, wait out
/// quiet hours on a durable timer, deliver the lead to the CRM, then wait for the CRM's outcome until the
/// window closes. A window that may not be acted on ends the workflow with the reason, and no lead.
/// </summary>
public sealed class OfferOrchestrator : TaskOrchestrator<OfferInput, OfferResult>
{
    public const string CrmOutcomeEvent = "CrmOutcome";

    /// <summary>CRM outages longer than the HTTP client's own retries are ridden out here, durably.</summary>
    private static readonly TaskOptions DeliveryRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6,
        firstRetryInterval: TimeSpan.FromSeconds(10),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(10)));

    /// <summary>Storage reads (profile, leads, windows) get a few quick retries.</summary>
    private static readonly TaskOptions StorageRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2));

    public override async Task<OfferResult> RunAsync(TaskOrchestrationContext context, OfferInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger<OfferOrchestrator>();
        var window = input.Window;

        context.SetCustomStatus(new OfferStatus("Planning", null));
        var plan = await context.CallActivityAsync<OfferPlan>(nameof(PlanOfferActivity), window, StorageRetry);
        if (plan.Offer is not { } offer || plan.Contact.Verdict == ContactVerdict.Refused)
        {
            return NotContacted(context, window.WindowId, plan.Offer?.OfferId, plan.Contact.Reason);
        }

        var rendered = await context.CallActivityAsync<string>(nameof(RenderTalkingScriptActivity), new RenderScriptInput(window, offer), StorageRetry);
        var compliance = ComplianceFilter.Check(rendered, offer.Kind, plan.Compliance);
        if (!compliance.Approved)
        {
            return NotContacted(context, window.WindowId, offer.OfferId, $"ComplianceRejected: banned claims {string.Join("、", compliance.BannedClaimsFound)}");
        }

        if (plan.Contact.NotBefore is { } notBefore && notBefore > context.CurrentUtcDateTime)
        {
            if (notBefore >= window.ClosesAt)
            {
                return NotContacted(context, window.WindowId, offer.OfferId, $"{plan.Contact.Reason}; the window closes before contact is allowed");
            }

            context.SetCustomStatus(new OfferStatus("DeferredUntil " + notBefore.ToString("O", System.Globalization.CultureInfo.InvariantCulture), null));
            await context.CreateTimer(notBefore.UtcDateTime, CancellationToken.None);
        }

        var delivered = await context.CallActivityAsync<LeadDelivered>(
            nameof(DeliverLeadActivity), new DeliverLeadInput(window, offer, compliance.Text, context.CurrentUtcDateTime), DeliveryRetry);
        context.SetCustomStatus(new OfferStatus("AwaitingOutcome", delivered.LeadId));
        logger.LogInformation("Lead {LeadId} delivered for window {WindowId}; waiting until {ClosesAt}", delivered.LeadId, window.WindowId, window.ClosesAt);

        var outcome = await WaitForOutcomeAsync(context, window.ClosesAt.UtcDateTime);
        var result = outcome ?? new CrmOutcome(delivered.LeadId, LeadOutcome.Expired, string.Empty, context.CurrentUtcDateTime, null);

        await context.CallActivityAsync(
            nameof(RecordOutcomeActivity),
            new RecordOutcomeInput(window.CustomerKey, window.WindowId, delivered.LeadId, result.Outcome, context.CurrentUtcDateTime),
            StorageRetry);
        context.SetCustomStatus(new OfferStatus("Completed", delivered.LeadId));

        return new OfferResult(window.WindowId, delivered.LeadId, offer.OfferId, result.Outcome, outcome?.RmId, context.CurrentUtcDateTime);
    }

    private static OfferResult NotContacted(TaskOrchestrationContext context, string windowId, string? offerId, string reason)
    {
        context.CreateReplaySafeLogger<OfferOrchestrator>().LogInformation("Window {WindowId}: no lead ({Reason})", windowId, reason);
        context.SetCustomStatus(new OfferStatus("NotContacted", null) { Reason = reason });
        return new OfferResult(windowId, null, offerId, null, null, context.CurrentUtcDateTime) { NotContactedReason = reason };
    }

    /// <summary>
    /// Waits for the CRM outcome or the window's close, whichever comes first. The losing wait is
    /// cancelled so that neither a late timer nor a late event is picked up by anything after it.
    /// </summary>
    private static async Task<CrmOutcome?> WaitForOutcomeAsync(TaskOrchestrationContext context, DateTime closesAtUtc)
    {
        if (closesAtUtc <= context.CurrentUtcDateTime)
        {
            return null;
        }

        using var cancel = new CancellationTokenSource();
        var outcomeTask = context.WaitForExternalEvent<CrmOutcome>(CrmOutcomeEvent, cancel.Token);
        var closeTask = context.CreateTimer(closesAtUtc, cancel.Token);
        var first = await Task.WhenAny(outcomeTask, closeTask);
#pragma warning disable CA1849 // CancelAsync runs callbacks on the thread pool, off the orchestration's single-threaded scheduler.
        cancel.Cancel();
#pragma warning restore CA1849
        return first == outcomeTask ? await outcomeTask : null;
    }
}
