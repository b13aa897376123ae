using LifeWindow.Integration.Streams.EventHubs;

namespace LifeWindow.Functions.Ingress;

/// <summary>
/// The Event Hubs stream's second half in the Functions app: its consumer folds records beside the triggers, without a
/// workflow client, and queues the workflow signals of each batch here; this trigger starts and tells the workflows,
/// as <see cref="FeedFunctions.Consume"/> does for the Storage-queue stream. A message that keeps failing ends in
/// workflow-signals-poison; the repair sweep starts any open window's workflow that is still missing.
/// </summary>
public sealed class WorkflowSignalsFunction
{
    [Function(nameof(WorkflowSignalsFunction))]
    public Task Run(
        [QueueTrigger(QueueWorkflowSignalSink.QueueName)] string message,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        new DurableWorkflowGateway(durable).ApplyAsync(QueueWorkflowSignalSink.Deserialize(message), cancellationToken);
}
