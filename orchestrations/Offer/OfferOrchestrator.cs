using LifeWindow.Domain.Leads;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace LifeWindow.Orchestrations.Offer;

/// <summary>
/// One per window (instance id = window id): pick the offer, render the talking script, deliver the
/// lead to the CRM, then wait for the CRM's outcome until the window closes.
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

    public override async Task<OfferResult> RunAsync(TaskOrchestrationContext context, OfferInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger<OfferOrchestrator>();
        var window = input.Window;

        var offer = await context.CallActivityAsync<OfferChoice>(nameof(SelectOfferActivity), window);
        var script = await context.CallActivityAsync<string>(nameof(RenderTalkingScriptActivity), new RenderScriptInput(window, offer));
        var delivered = await context.CallActivityAsync<LeadDelivered>(
            nameof(DeliverLeadActivity), new DeliverLeadInput(window, offer, script, context.CurrentUtcDateTime), DeliveryRetry);
        context.SetCustomStatus(new OfferStatus("AwaitingOutcome", delivered.LeadId));
        logger.LogInformation("Lead {LeadId} delivered for window {WindowId}; waiting until {ClosesAt}", delivered.LeadId, window.WindowId, window.ClosesAt);

        var outcome = await WaitForOutcomeAsync(context, window.ClosesAt.UtcDateTime);
        var result = outcome ?? new CrmOutcome(delivered.LeadId, LeadOutcome.Expired, string.Empty, context.CurrentUtcDateTime, null);

        await context.CallActivityAsync(
            nameof(RecordOutcomeActivity),
            new RecordOutcomeInput(window.CustomerKey, window.WindowId, delivered.LeadId, result.Outcome, context.CurrentUtcDateTime));
        context.SetCustomStatus(new OfferStatus("Completed", delivered.LeadId));

        return new OfferResult(window.WindowId, delivered.LeadId, offer.OfferId, result.Outcome, outcome?.RmId, context.CurrentUtcDateTime);
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
