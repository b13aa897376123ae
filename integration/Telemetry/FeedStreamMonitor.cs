using Azure.Storage.Queues;
using LifeWindow.Integration.Streams;

namespace LifeWindow.Integration.Telemetry;

/// <summary>What the feed stream holds now: messages waiting, the age of the oldest (consumer lag), messages set aside.</summary>
/// <param name="Pending">Messages (a queue message may hold several records) not yet consumed; null when the transport cannot say.</param>
/// <param name="OldestAgeSeconds">How long the oldest waiting message has waited; 0 when none waits, null when the transport cannot say.</param>
/// <param name="SetAside">Messages on the poison queue (or, in memory, set aside) after their last attempt.</param>
public sealed record FeedStreamState(string Transport, long? Pending, double? OldestAgeSeconds, long? SetAside);

/// <summary>Reads <see cref="FeedStreamState"/> for health, the ops summary and the consumer-lag gauge.</summary>
public interface IFeedStreamMonitor
{
    Task<FeedStreamState> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>The embedded stream: its own counts, and the oldest message at the head of any partition.</summary>
public sealed class InMemoryFeedStreamMonitor(InMemoryFeedStream stream, TimeProvider time) : IFeedStreamMonitor
{
    public Task<FeedStreamState> ReadAsync(CancellationToken cancellationToken)
    {
        var oldest = stream.OldestWaiting();
        var age = oldest is { } at ? Math.Max(0, (time.GetUtcNow() - at).TotalSeconds) : 0;
        return Task.FromResult(new FeedStreamState(nameof(FeedStreamTransport.InMemory), stream.Pending, age, stream.Failed.Count));
    }
}

/// <summary>
/// A Storage queue (the feed stream, or with Event Hubs its poison queue only): the approximate message count, the
/// insertion time of the first visible message (messages being handled are hidden, so this is the oldest not yet taken),
/// and the poison queue's count.
/// </summary>
public sealed class StorageQueueFeedStreamMonitor(string transport, QueueClient? queue, QueueClient poison, TimeProvider time) : IFeedStreamMonitor
{
    public async Task<FeedStreamState> ReadAsync(CancellationToken cancellationToken)
    {
        long? pending = null;
        double? age = null;
        if (queue is not null)
        {
            pending = await CountAsync(queue, cancellationToken).ConfigureAwait(false);
            age = 0;
            if (pending > 0)
            {
                var head = (await queue.PeekMessagesAsync(1, cancellationToken).ConfigureAwait(false)).Value;
                age = head is [{ InsertedOn: { } inserted }] ? Math.Max(0, (time.GetUtcNow() - inserted).TotalSeconds) : 0;
            }
        }

        return new FeedStreamState(transport, pending, age, await CountAsync(poison, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The queue's approximate message count; 0 for a queue not created yet.</summary>
    public static async Task<long> CountAsync(QueueClient queue, CancellationToken cancellationToken) =>
        await queue.ExistsAsync(cancellationToken).ConfigureAwait(false)
            ? (await queue.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount
            : 0;
}
