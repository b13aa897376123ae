namespace LifeWindow.Integration.Lifecycle;

/// <summary>
/// Where a stream consumer that has no workflow client of its own sends the <see cref="WorkflowSignals"/> of what it
/// folded. The Event Hubs consumer runs beside the Functions triggers, not as one, so it cannot bind a
/// [DurableClient]: in the Functions app it hands the signals to the <c>workflow-signals</c> queue, whose trigger
/// (<c>WorkflowSignalsFunction</c>) carries them out; the local host carries them out at once (DurableWorkflowGateway).
/// </summary>
public interface IWorkflowSignalSink
{
    Task ApplyAsync(WorkflowSignals signals, CancellationToken cancellationToken);
}
