using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Processor;

namespace LifeWindow.Integration.Streams.EventHubs;

/// <summary>
/// What the Event Hubs consumer does with one partition's batch of events, in order: decode each event's feed messages,
/// fold them all (<c>fold</c>: the host's <see cref="FeedMessageProcessor"/> and then the workflow signals it returns, as
/// the queue trigger does), and only then checkpoint the batch's last event. A batch that fails is folded again event by event, each up to
/// <see cref="FeedStreamOptions.MaxAttempts"/> times; an event that still fails, or cannot be decoded, is set aside
/// (the poison sink: the feed stream's "-poison" queue) and the partition moves on past it — a poison record never
/// blocks its partition and never costs the checkpoint. At least once: a crash before the checkpoint hands the batch
/// to the next owner of the partition, and the fold's evidence hashes make the second time have no effect.
/// </summary>
public sealed class FeedStreamBatchHandler(
    Func<IReadOnlyList<FeedMessage>, CancellationToken, Task> fold,
    Func<string, string, CancellationToken, Task> setAside,
    IOptions<FeedStreamOptions> options,
    ILogger<FeedStreamBatchHandler> logger)
{
    /// <summary>Handles the batch and returns the position to checkpoint (its last event), or null for an empty batch.</summary>
    public async Task<CheckpointPosition?> HandleAsync(IReadOnlyList<EventData> events, string partitionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return null;
        }

        var decoded = new List<(EventData Event, IReadOnlyList<FeedMessage> Messages)>();
        foreach (var item in events)
        {
            if (Decode(item) is { } messages)
            {
                decoded.Add((item, messages));
            }
            else
            {
                await setAside(item.EventBody.ToString(), $"partition {partitionId}, sequence {item.SequenceNumber}: not a feed message", cancellationToken).ConfigureAwait(false);
            }
        }

        try
        {
            await FoldAsync([.. decoded.SelectMany(d => d.Messages)], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && decoded.Count > 0)
        {
            logger.LogWarning(ex, "Feed-stream batch on partition {Partition} failed; folding its {Count} events one by one", partitionId, decoded.Count);
            foreach (var (item, messages) in decoded)
            {
                await FoldOneAsync(item, messages, partitionId, cancellationToken).ConfigureAwait(false);
            }
        }

        return CheckpointPosition.FromEvent(events[^1]);
    }

    private Task FoldAsync(IReadOnlyList<FeedMessage> messages, CancellationToken cancellationToken) =>
        messages.Count > 0 ? fold(messages, cancellationToken) : Task.CompletedTask;

    private async Task FoldOneAsync(EventData item, IReadOnlyList<FeedMessage> messages, string partitionId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await FoldAsync(messages, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < options.Value.MaxAttempts)
            {
                logger.LogWarning(ex, "Feed-stream event {Sequence} on partition {Partition} failed (attempt {Attempt})", item.SequenceNumber, partitionId, attempt);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await setAside(item.EventBody.ToString(), $"partition {partitionId}, sequence {item.SequenceNumber}: {ex.GetType().Name}: {ex.Message}", cancellationToken).ConfigureAwait(false);
                return;
            }
        }
    }

    /// <summary>The event's feed messages (one, or a packed batch); null when the body is not one.</summary>
    private static IReadOnlyList<FeedMessage>? Decode(EventData item)
    {
        try
        {
            return FeedMessageJson.DeserializeAny(item.EventBody.ToString());
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }
}
