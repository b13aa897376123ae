namespace LifeWindow.Integration.Lifecycle;

/// <summary>
/// The port to the workflow engine. orchestrations/ implements it over a DurableTaskClient, which the
/// Functions host binds with [DurableClient] and the local host provides over DTFx.
/// </summary>
public interface IWorkflowGateway
{
    /// <summary>
    /// Starts the offer workflow for the window; the instance id is the window id, so a second call is a no-op while
    /// one runs or has ended. A workflow that failed (only infrastructure failures fail it) is started afresh.
    /// </summary>
    Task StartOfferAsync(Window window, CancellationToken cancellationToken);

    /// <summary>
    /// What the repair sweep asks: <see cref="StartOfferAsync"/>, and also start afresh a workflow that was created but has
    /// not begun for longer than <paramref name="strandedAfter"/> (its start message was lost, e.g. to a kill between
    /// the engine writing the instance and queueing its start). An engine that cannot tell just starts.
    /// </summary>
    Task EnsureOfferAsync(Window window, TimeSpan strandedAfter, CancellationToken cancellationToken) => StartOfferAsync(window, cancellationToken);

    /// <summary>Tells the window's offer workflow that the outbox delivered its lead (no-op when none waits).</summary>
    Task NotifyLeadDeliveredAsync(string windowId, string leadId, CancellationToken cancellationToken);

    Task<RaiseOutcome> RaiseCrmOutcomeAsync(string windowId, CrmOutcome outcome, CancellationToken cancellationToken);

    /// <summary>Tells the window's running offer workflow that the window was suppressed or superseded (no-op when none runs).</summary>
    Task<RaiseOutcome> NotifyWindowClosedAsync(Window window, WindowState state, string reason, CancellationToken cancellationToken);

    /// <summary>
    /// An erasure: ends (terminates) and forgets (purges the history of) every workflow of the customer — those of
    /// <paramref name="windowIds"/> with their income verifications and credit decisions, and any other whose input names
    /// <paramref name="customerKey"/>. Returns how many instance histories were purged.
    /// </summary>
    Task<int> EraseCustomerAsync(string customerKey, IReadOnlyCollection<string> windowIds, CancellationToken cancellationToken);
}

public enum RaiseOutcome
{
    Raised,
    NotFound,
    NotRunning,
}
