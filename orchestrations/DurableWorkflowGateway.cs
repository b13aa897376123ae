using System.Diagnostics;
using LifeWindow.Integration.Lifecycle;
using LifeWindow.Integration.Telemetry;

namespace LifeWindow.Orchestrations;

/// <summary>
/// The workflow port over a DurableTaskClient: the Functions host passes the client it binds with
/// [DurableClient]; the local host passes its DTFx-backed client. Instance id = window id.
/// </summary>
public sealed class DurableWorkflowGateway(DurableTaskClient client) : IWorkflowGateway, IWorkflowSignalSink
{
    /// <summary>
    /// Carries out what the stream consumer decided: the closed windows' running workflows are told first (each withdraws
    /// its lead and frees its hold), then the open windows' workflows are started (a no-op for one that runs).
    /// </summary>
    public async Task ApplyAsync(WorkflowSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signals);
        foreach (var closure in signals.Closed)
        {
            await NotifyWindowClosedAsync(closure.Window, closure.State, closure.Reason, cancellationToken).ConfigureAwait(false);
        }

        foreach (var window in signals.Start)
        {
            // Started inside the trace of the record that opened the window; the workflow carries it on to the lead.
            using var activity = LifeWindowTelemetry.StartActivity("lifewindow.workflow.start", ActivityKind.Producer, signals.TraceParentOf(window.WindowId));
            activity?.SetTag("lifewindow.rule", window.RuleId);
            await StartOfferAsync(window, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StartOfferAsync(Window window, CancellationToken cancellationToken) =>
        EnsureOfferAsync(window, Timeout.InfiniteTimeSpan, cancellationToken);

    public async Task EnsureOfferAsync(Window window, TimeSpan strandedAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        var existing = await client.GetInstanceAsync(window.WindowId, getInputsAndOutputs: strandedAfter != Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        if (existing is { RuntimeStatus: OrchestrationRuntimeStatus.Failed } || IsStranded(existing, strandedAfter))
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
            // A limit-review risk window runs the limit review instead of an offer (docs/risk-side.md); either way instance id = window id.
            var (name, input) = window.LimitReview is not null
                ? (nameof(LimitReviewOrchestrator), (object)new LimitReviewInput(window) { TraceParent = LifeWindowTelemetry.CurrentTraceParent })
                : (nameof(OfferOrchestrator), new OfferInput(window, OfferOrchestrator.CurrentCodeVersion) { TraceParent = LifeWindowTelemetry.CurrentTraceParent });
            await client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(window.WindowId), cancellationToken).ConfigureAwait(false);
            LifeWindowTelemetry.WorkflowStarted(name);
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

    /// <summary>
    /// Pending with no custom status (the offer workflow sets one first thing) since longer than <paramref name="strandedAfter"/>:
    /// created, never begun. A workflow that began but whose status row was left Pending by a kill has its custom status.
    /// </summary>
    private static bool IsStranded(OrchestrationMetadata? instance, TimeSpan strandedAfter) =>
        strandedAfter != Timeout.InfiniteTimeSpan
        && instance is { RuntimeStatus: OrchestrationRuntimeStatus.Pending, SerializedCustomStatus: null }
        && instance.CreatedAt <= DateTimeOffset.UtcNow - strandedAfter;

    public Task NotifyLeadDeliveredAsync(string windowId, string leadId, CancellationToken cancellationToken) =>
        RaiseIfLiveAsync(windowId, OfferOrchestrator.LeadDeliveredEvent, new LeadDeliveredNotice(leadId), cancellationToken);

    public Task<RaiseOutcome> NotifyWindowClosedAsync(Window window, WindowState state, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        return RaiseIfLiveAsync(window.WindowId, OfferOrchestrator.WindowClosedEvent, new WindowClosedNotice(state, reason), cancellationToken);
    }

    public Task<RaiseOutcome> RaiseCrmOutcomeAsync(string windowId, CrmOutcome outcome, CancellationToken cancellationToken) =>
        RaiseIfLiveAsync(windowId, OfferOrchestrator.CrmOutcomeEvent, outcome, cancellationToken);

    /// <summary>
    /// Finds the customer's instances by id (each window's offer, income verification and credit decision) and by a scan of
    /// every instance's input for the customer key (workflows started through the API for an application id). The scan
    /// reads the whole task hub's instance list; an erasure is rare, and the engine has no index by customer.
    /// </summary>
    public async Task<int> EraseCustomerAsync(string customerKey, IReadOnlyCollection<string> windowIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(windowIds);
        var ids = new HashSet<string>(
            windowIds.SelectMany(w => new[] { w, IncomeVerificationOrchestrator.InstancePrefix + w, CreditDecisionInput.InstanceIdFor(w) }),
            StringComparer.Ordinal);
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (instance.SerializedInput?.Contains(customerKey, StringComparison.Ordinal) == true)
            {
                ids.Add(instance.InstanceId);
            }
        }

        var purged = 0;
        foreach (var id in ids)
        {
            purged += await EndAndPurgeAsync(id, cancellationToken).ConfigureAwait(false);
        }

        return purged;
    }

    private async Task<int> EndAndPurgeAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return 0;
        }

        if (!instance.IsCompleted)
        {
            await client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions { Output = "erased" }, cancellationToken).ConfigureAwait(false);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(60));
            await client.WaitForInstanceCompletionAsync(instanceId, cancellation: wait.Token).ConfigureAwait(false);
        }

        return (await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken).ConfigureAwait(false)).PurgedInstanceCount;
    }

    /// <summary>Raises the event on the window's workflow if it is still live (running, pending or suspended).</summary>
    private async Task<RaiseOutcome> RaiseIfLiveAsync(string instanceId, string eventName, object payload, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return RaiseOutcome.NotFound;
        }

        if (instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended))
        {
            return RaiseOutcome.NotRunning;
        }

        await client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken).ConfigureAwait(false);
        return RaiseOutcome.Raised;
    }
}
