using Azure.Storage.Queues;
using LifeWindow.Domain.Feeds;

namespace LifeWindow.Integration.Streams;

/// <summary>
/// Publishes feed messages to an Azure Storage queue read by the Functions QueueTrigger. Messages are
/// Base64 encoded because that is what the queue trigger expects by default; failures after the
/// host's maxDequeueCount land in the "-poison" queue.
/// </summary>
public sealed class StorageQueueFeedStream(QueueClient queue) : IFeedStream
{
    /// <summary>The queue the Functions QueueTrigger reads (a constant because trigger attributes need one).</summary>
    public const string QueueName = "feed-stream";

    private readonly Lazy<Task> created = new(() => queue.CreateIfNotExistsAsync());

    public async Task PublishAsync(FeedMessage message, CancellationToken cancellationToken)
    {
        await created.Value.ConfigureAwait(false);
        await queue.SendMessageAsync(FeedMessageJson.Serialize(message), cancellationToken).ConfigureAwait(false);
    }
}
