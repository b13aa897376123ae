using System.IO.Hashing;
using System.Threading.Channels;

namespace LifeWindow.Integration.Streams;

/// <summary>
/// In-process partitioned stream: one channel per partition, partition = hash of the customer key, so
/// one customer's records are consumed in order by a single loop. A message whose handler keeps
/// failing is set aside in <see cref="Failed"/> rather than dropped.
/// </summary>
public sealed partial class InMemoryFeedStream(IOptions<FeedStreamOptions> options, ILogger<InMemoryFeedStream> logger) : IFeedStream
{
    // A partition holds groups: one customer's records of one publish, which a consumer takes whole (see PublishBatchAsync).
    private readonly Channel<FeedMessage[]>[] partitions = Enumerable.Range(0, Math.Max(1, options.Value.Partitions))
        .Select(_ => Channel.CreateUnbounded<FeedMessage[]>(new UnboundedChannelOptions { SingleReader = true }))
        .ToArray();

    private readonly List<(FeedMessage Message, Exception Error)> failed = [];
    private long pending;

    public IReadOnlyList<(FeedMessage Message, Exception Error)> Failed
    {
        get
        {
            lock (failed)
            {
                return failed.ToList();
            }
        }
    }

    /// <summary>Messages published and not yet handled (or set aside).</summary>
    public long Pending => Interlocked.Read(ref pending);

    /// <summary>When the oldest message still waiting at the head of a partition came in; null when none waits.</summary>
    public DateTimeOffset? OldestWaiting() =>
        partitions.Select(p => p.Reader.TryPeek(out var head) ? head[0].ReceivedAt : (DateTimeOffset?)null).Where(t => t is not null).Min();

    public static int PartitionOf(string customerKey, int partitionCount) =>
        (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(customerKey)) % (uint)partitionCount);

    public async Task PublishAsync(FeedMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref pending);
        await partitions[PartitionOf(message.Record.CustomerKey, partitions.Length)].Writer.WriteAsync([message], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes a delivery's records as one group per customer: a consumer takes a group whole, so a customer's records of
    /// one delivery (a partner's batch, or a history loaded at once) are folded in the same batch and the windows are judged
    /// on all of them, never on the first half.
    /// </summary>
    public async Task PublishBatchAsync(IReadOnlyList<FeedMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var group in messages.GroupBy(m => m.Record.CustomerKey, StringComparer.Ordinal))
        {
            var records = group.ToArray();
            Interlocked.Add(ref pending, records.Length);
            await partitions[PartitionOf(group.Key, partitions.Length)].Writer.WriteAsync(records, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs one consumer loop per partition until <paramref name="cancellationToken"/> fires, a message at a time (a group of
    /// several, taken whole, is handled message by message in order).
    /// </summary>
    public Task RunConsumersAsync(Func<FeedMessage, CancellationToken, Task> handler, CancellationToken cancellationToken) =>
        RunConsumersAsync(
            async (batch, ct) =>
            {
                foreach (var message in batch)
                {
                    await handler(message, ct).ConfigureAwait(false);
                }
            },
            1,
            cancellationToken);

    /// <summary>
    /// Runs one consumer loop per partition until <paramref name="cancellationToken"/> fires, each taking what its partition
    /// holds, up to <paramref name="maxBatch"/> messages (or past it to finish a publish's group), as one batch (a customer's
    /// records are all on one partition, so the handler folds them in one read-modify-write). A batch that fails is handled again message by message, each with
    /// its own attempts, so one bad record is set aside alone.
    /// </summary>
    public Task RunConsumersAsync(Func<IReadOnlyList<FeedMessage>, CancellationToken, Task> handler, int maxBatch, CancellationToken cancellationToken) =>
        Task.WhenAll(partitions.Select(p => ConsumeAsync(p.Reader, handler, Math.Max(1, maxBatch), cancellationToken)));

    /// <summary>Waits until everything published so far has been handled.</summary>
    public async Task WaitForIdleAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (Pending > 0)
        {
            await Task.Delay(10, cts.Token).ConfigureAwait(false);
        }
    }

    private async Task ConsumeAsync(ChannelReader<FeedMessage[]> reader, Func<IReadOnlyList<FeedMessage>, CancellationToken, Task> handler, int maxBatch, CancellationToken cancellationToken)
    {
        var batch = new List<FeedMessage>(maxBatch);
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (batch.Count < maxBatch && reader.TryRead(out var group))
                {
                    batch.AddRange(group);
                }

                await HandleBatchAsync(batch, handler, cancellationToken).ConfigureAwait(false);
                Interlocked.Add(ref pending, -batch.Count);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task HandleBatchAsync(List<FeedMessage> batch, Func<IReadOnlyList<FeedMessage>, CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        if (batch.Count > 1)
        {
            try
            {
                await handler(batch, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Each message alone, with its own attempts: the fold is idempotent, so what the batch did folds again without effect.
            }
        }

        foreach (var message in batch)
        {
            await HandleWithRetryAsync(message, (m, ct) => handler([m], ct), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HandleWithRetryAsync(FeedMessage message, Func<FeedMessage, CancellationToken, Task> handler, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await handler(message, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= options.Value.MaxAttempts)
                {
                    LogSetAside(logger, ex, message.Feed, message.Record.RecordId, attempt);
                    LifeWindowTelemetry.MessageSetAside(nameof(FeedStreamTransport.InMemory));
                    lock (failed)
                    {
                        failed.Add((message, ex));
                    }

                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Set aside {Feed} record {RecordId} after {Attempts} failed attempts")]
    private static partial void LogSetAside(ILogger logger, Exception exception, string feed, string recordId, int attempts);
}
