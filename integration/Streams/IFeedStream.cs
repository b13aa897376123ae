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

    /// <summary>Attempts at a message before it is set aside as failed (the queue's maxDequeueCount, then "-poison").</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The Storage queue of the stream. The Functions app's trigger reads the default; the local host takes one per table prefix.</summary>
    public string QueueName { get; set; } = StorageQueueFeedStream.QueueName;

    /// <summary>Local host's queue consumer: how long a received message stays hidden; after a crash it is handled again then.</summary>
    public int VisibilityTimeoutSeconds { get; set; } = 30;

    /// <summary>Storage-queue stream: sends under way at once; records handed in meanwhile share the next messages (group commit).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 64)]
    public int SendsInFlight { get; set; } = StorageQueueFeedStream.DefaultSendsInFlight;
}
