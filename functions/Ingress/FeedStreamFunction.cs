using LifeWindow.Integration.Streams;

namespace LifeWindow.Functions.Ingress;

/// <summary>
/// The feed-stream consumer: folds a message's records (one, or a delivery's batch) into the profiles, one
/// read-modify-write per customer, and starts offer workflows for new windows.
/// </summary>
public sealed class FeedStreamFunction(FeedMessageProcessor processor)
{
    [Function(nameof(FeedStreamFunction))]
    public Task Run(
        [QueueTrigger(StorageQueueFeedStream.QueueName)] string message,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        processor.ProcessBatchAsync(FeedMessageJson.DeserializeAny(message), new DurableWorkflowGateway(durable), cancellationToken);
}
