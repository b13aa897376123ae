using Azure.Storage.Queues;
using LifeWindow.Domain.Feeds;

namespace LifeWindow.Integration.Streams;

/// <summary>
/// Publishes feed messages to an Azure Storage queue read by the Functions QueueTrigger. Messages are
/// Base64 encoded because that is what the queue trigger expects by default; failures after the
/// host's maxDequeueCount land in the "-poison" queue. A batch's records share messages (see <see cref="FeedMessageJson.Pack"/>):
/// a message is one unit of work for the consumer, folded per customer in one read-modify-write.
/// </summary>
public sealed class StorageQueueFeedStream(QueueClient queue) : IFeedStream
{
    /// <summary>The queue the Functions QueueTrigger reads (a constant because trigger attributes need one).</summary>
    public const string QueueName = "feed-stream";

    /// <summary>A queue message holds 64 KiB of Base64, i.e. 48 KiB of text; keep a margin.</summary>
    public const int MaxMessageBytes = 45_000;

    private readonly Lazy<Task> created = new(() => queue.CreateIfNotExistsAsync());

    public async Task PublishAsync(FeedMessage message, CancellationToken cancellationToken)
    {
        await created.Value.ConfigureAwait(false);
        await queue.SendMessageAsync(FeedMessageJson.Serialize(message), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A batch's records go in as few queue messages as fit, one customer's together; each text is one send.</summary>
    public async Task PublishBatchAsync(IReadOnlyList<FeedMessage> messages, CancellationToken cancellationToken)
    {
        await created.Value.ConfigureAwait(false);
        foreach (var text in FeedMessageJson.Pack(messages, MaxMessageBytes))
        {
            await queue.SendMessageAsync(text, cancellationToken).ConfigureAwait(false);
        }
    }
}
