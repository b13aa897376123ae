using LifeWindow.Integration.Streams;

namespace LifeWindow.Functions.Ingress;

/// <summary>
/// The feed-stream consumer: folds a message's records (one, or a delivery's batch) into the profiles, one
/// read-modify-write per customer, then starts the offer workflows of the windows that opened and tells those of the
/// windows that closed. The message is settled only after both, so a crash in between redelivers it, and the
/// processor, finding the windows it recorded, asks for their workflows again.
/// </summary>
public sealed class FeedStreamFunction(FeedMessageProcessor processor)
{
    [Function(nameof(FeedStreamFunction))]
    public async Task Run(
        [QueueTrigger(StorageQueueFeedStream.QueueName)] string message,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var signals = await processor.ProcessBatchAsync(FeedMessageJson.DeserializeAny(message), cancellationToken).ConfigureAwait(false);
        await new DurableWorkflowGateway(durable).ApplyAsync(signals, cancellationToken).ConfigureAwait(false);
    }
}
