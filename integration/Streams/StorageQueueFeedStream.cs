using Azure.Storage.Queues;

namespace LifeWindow.Integration.Streams;

/// <summary>
/// Publishes feed messages to an Azure Storage queue read by the Functions QueueTrigger. Messages are
/// Base64 encoded because that is what the queue trigger expects by default; failures after the
/// host's maxDequeueCount land in the "-poison" queue.
/// <para>
/// Publishes are group-committed: records handed in while earlier sends are under way wait and go out together, packed
/// into as few queue messages as fit (<see cref="FeedMessageJson.Pack"/>), with at most <c>maxSendsInFlight</c> sends at
/// once. A caller returns only when the message holding its records is in the queue (a failed send fails every caller
/// whose records it held: nothing is acknowledged that is not kept). With nothing under way a record is sent at once, so
/// a lone webhook waits no longer than before; under load, concurrent single-record webhooks share messages, which is
/// what lets the consumer handle them as batches (fewer queue requests, shared Table transactions). The Storage
/// SDK has no buffered sender for queues (Event Hubs has <c>EventHubBufferedProducerClient</c>), hence this small one.
/// </para>
/// </summary>
public sealed class StorageQueueFeedStream(QueueClient queue, int maxSendsInFlight = StorageQueueFeedStream.DefaultSendsInFlight) : IFeedStream
{
    /// <summary>The queue the Functions QueueTrigger reads (a constant because trigger attributes need one).</summary>
    public const string QueueName = "feed-stream";

    /// <summary>A queue message holds 64 KiB of Base64, i.e. 48 KiB of text; keep a margin.</summary>
    public const int MaxMessageBytes = 45_000;

    public const int DefaultSendsInFlight = 4;

    /// <summary>Records one send takes at most, so one round's callers are not held up by a long tail of others.</summary>
    private const int MaxRecordsPerRound = 1_000;

    private readonly Lazy<Task> created = new(() => queue.CreateIfNotExistsAsync());
    private readonly Lock gate = new();
    private readonly Queue<Pending> pending = new();
    private int sending;

    public Task PublishAsync(FeedMessage message, CancellationToken cancellationToken) => PublishBatchAsync([message], cancellationToken);

    /// <summary>A delivery's records, with whatever else is waiting, go in as few queue messages as fit.</summary>
    public async Task PublishBatchAsync(IReadOnlyList<FeedMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }

        await created.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var item = new Pending(messages);
        bool pump;
        lock (gate)
        {
            pending.Enqueue(item);
            pump = sending < maxSendsInFlight;
            if (pump)
            {
                sending++;
            }
        }

        if (pump)
        {
            _ = PumpAsync();
        }

        // A caller that gives up may still have its records sent: at least once, which the consumer's folding tolerates.
        await item.Sent.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends what is waiting, round after round, until nothing is; holds one of the send slots meanwhile.</summary>
    private async Task PumpAsync()
    {
        while (true)
        {
            var round = new List<Pending>();
            lock (gate)
            {
                var records = 0;
                while (pending.TryPeek(out var next) && (round.Count == 0 || records + next.Messages.Count <= MaxRecordsPerRound))
                {
                    round.Add(pending.Dequeue());
                    records += next.Messages.Count;
                }

                if (round.Count == 0)
                {
                    sending--;
                    return;
                }
            }

            try
            {
                await Task.WhenAll(FeedMessageJson.Pack(round.SelectMany(p => p.Messages), MaxMessageBytes)
                    .Select(text => queue.SendMessageAsync(text))).ConfigureAwait(false);
                round.ForEach(p => p.Sent.TrySetResult());
            }
            catch (Exception ex)
            {
                round.ForEach(p => p.Sent.TrySetException(ex));
            }
        }
    }

    private sealed record Pending(IReadOnlyList<FeedMessage> Messages)
    {
        public TaskCompletionSource Sent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
