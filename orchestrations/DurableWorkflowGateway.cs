using LifeWindow.Domain.Leads;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Pipeline;
using LifeWindow.Orchestrations.Offer;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LifeWindow.Orchestrations;

/// <summary>
/// The workflow port over a DurableTaskClient: the Functions host passes the client it binds with
/// [DurableClient]; the local host passes its DTFx-backed client. Instance id = window id.
/// </summary>
public sealed class DurableWorkflowGateway(DurableTaskClient client) : IWorkflowGateway
{
    public async Task StartOfferAsync(Window window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var existing = await client.GetInstanceAsync(window.WindowId, cancellationToken).ConfigureAwait(false);
        if (existing is { RuntimeStatus: OrchestrationRuntimeStatus.Failed })
        {
            // Business outcomes end a workflow as Completed; Failed means an infrastructure failure outlasted its retries.
            // Its history goes (the lead, outbox, holds and contact ledger are keyed by the window, so nothing repeats), and it starts over.
            await client.PurgeInstanceAsync(window.WindowId, cancellation: cancellationToken).ConfigureAwait(false);
        }
        else if (existing is not null)
        {
            return;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(OfferOrchestrator),
                new OfferInput(window, OfferOrchestrator.CurrentCodeVersion),
                new StartOrchestrationOptions(window.WindowId),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Another consumer may have started it between our check and our start: then the one workflow exists.
            if (await client.GetInstanceAsync(window.WindowId, cancellationToken).ConfigureAwait(false) is null)
            {
                throw;
            }
        }
    }

    public async Task NotifyLeadDeliveredAsync(string windowId, string leadId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(windowId, cancellationToken).ConfigureAwait(false);
        if (instance?.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended)
        {
            await client.RaiseEventAsync(windowId, OfferOrchestrator.LeadDeliveredEvent, new LeadDeliveredNotice(leadId), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task NotifyWindowClosedAsync(Window window, WindowState state, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var instance = await client.GetInstanceAsync(window.WindowId, cancellationToken).ConfigureAwait(false);
        if (instance?.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended)
        {
            await client.RaiseEventAsync(window.WindowId, OfferOrchestrator.WindowClosedEvent, new WindowClosedNotice(state, reason), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<RaiseOutcome> RaiseCrmOutcomeAsync(string windowId, CrmOutcome outcome, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(windowId, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return RaiseOutcome.NotFound;
        }

        if (instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended))
        {
            return RaiseOutcome.NotRunning;
        }

        await client.RaiseEventAsync(windowId, OfferOrchestrator.CrmOutcomeEvent, outcome, cancellationToken).ConfigureAwait(false);
        return RaiseOutcome.Raised;
    }
}
