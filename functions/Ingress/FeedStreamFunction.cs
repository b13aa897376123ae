using LifeWindow.Integration.Pipeline;
using LifeWindow.Integration.Streams;
using LifeWindow.Orchestrations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LifeWindow.Functions.Ingress;

/// <summary>The feed-stream consumer: folds each record into the profile and starts offer workflows for new windows.</summary>
public sealed class FeedStreamFunction(FeedMessageProcessor processor)
{
    [Function(nameof(FeedStreamFunction))]
    public Task Run(
        [QueueTrigger(StorageQueueFeedStream.QueueName)] string message,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        processor.ProcessAsync(FeedMessageJson.Deserialize(message), new DurableWorkflowGateway(durable), cancellationToken);
}
