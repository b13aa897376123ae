namespace LifeWindow.Integration.Streams;

/// <summary>
/// The feed stream between ingress and the profile/window consumer. Adapters: in-memory partitioned
/// channels (embedded default), Storage Queue (Functions QueueTrigger) and, in production, Event Hubs.
/// Records are partitioned by customer key where the transport can; the consumer's fold does not
/// depend on order, so a transport that cannot keep order (a queue) is still correct.
/// </summary>
public interface IFeedStream
{
    Task PublishAsync(FeedMessage message, CancellationToken cancellationToken);

    /// <summary>Publishes a delivery's records; a transport that can carries them in fewer messages.</summary>
    async Task PublishBatchAsync(IReadOnlyList<FeedMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            await PublishAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }
}

public sealed class FeedStreamOptions
{
    public const string Section = "FeedStream";

    /// <summary>Partitions of the in-memory stream (one consumer loop each).</summary>
    public int Partitions { get; set; } = 4;

    /// <summary>In-memory stream: messages a partition's consumer takes at once and folds as one batch.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int ConsumerBatchSize { get; set; } = 500;

    /// <summary>Attempts at a message before it is set aside as failed (the queue's maxDequeueCount, then "-poison").</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The Storage queue of the stream. The Functions app's trigger reads the default; the local host takes one per table prefix.</summary>
    public string QueueName { get; set; } = StorageQueueFeedStream.QueueName;

    /// <summary>Where messages that failed their last attempt are set aside (the Functions queue trigger's convention).</summary>
    public static string PoisonQueueOf(string queueName) => queueName + "-poison";

    /// <summary>Local host's queue consumer: how long a received message stays hidden; after a crash it is handled again then.</summary>
    public int VisibilityTimeoutSeconds { get; set; } = 30;

    /// <summary>Storage-queue stream: sends under way at once; records handed in meanwhile share the next messages (group commit).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 64)]
    public int SendsInFlight { get; set; } = StorageQueueFeedStream.DefaultSendsInFlight;

    /// <summary>Which stream carries the records; none: the host's own default (Functions app: the Storage queue; local host: by <c>--storage</c>).</summary>
    public FeedStreamTransport? Transport { get; set; }

    /// <summary>The Event Hubs stream (<see cref="Transport"/> = EventHubs).</summary>
    public EventHubsStreamOptions EventHubs { get; set; } = new();
}

public enum FeedStreamTransport
{
    InMemory,
    StorageQueue,
    EventHubs,
}

/// <summary><c>FeedStream:EventHubs:*</c>: where the Event Hubs stream is; the connection uses the host's managed identity.</summary>
public sealed class EventHubsStreamOptions
{
    /// <summary>e.g. <c>evhns-lifewindow.servicebus.windows.net</c>; required when the transport is EventHubs.</summary>
    public string? FullyQualifiedNamespace { get; set; }

    public string EventHubName { get; set; } = "feed-stream";

    public string ConsumerGroup { get; set; } = "lifewindow";

    /// <summary>Events one partition's batch holds at most (one fold, one checkpoint).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int BatchSize { get; set; } = 100;
}
