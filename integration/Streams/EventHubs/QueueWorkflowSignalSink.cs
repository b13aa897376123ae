using Azure.Storage.Queues;

namespace LifeWindow.Integration.Streams.EventHubs;

/// <summary>
/// Queues workflow signals for the Functions app's <c>WorkflowSignalsFunction</c> (queue <see cref="QueueName"/>,
/// Base64 JSON like the feed stream). Nothing is queued when there is nothing to do; the consumer checkpoints only after
/// the send, so a crash in between folds the batch again and queues the same signals again (starting or telling a
/// workflow twice is a no-op).
/// </summary>
public sealed class QueueWorkflowSignalSink(QueueClient queue) : IWorkflowSignalSink
{
    public const string QueueName = "workflow-signals";

    private readonly Lazy<Task> created = new(() => queue.CreateIfNotExistsAsync());

    public async Task ApplyAsync(WorkflowSignals signals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (signals.Start.Count == 0 && signals.Closed.Count == 0)
        {
            return;
        }

        await created.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        await queue.SendMessageAsync(Serialize(signals), cancellationToken).ConfigureAwait(false);
    }

    public static string Serialize(WorkflowSignals signals) => JsonSerializer.Serialize(signals, LifeWindowJson.Options);

    public static WorkflowSignals Deserialize(string message) =>
        JsonSerializer.Deserialize<WorkflowSignals>(message, LifeWindowJson.Options) ?? throw new JsonException("The workflow signals are null.");
}
