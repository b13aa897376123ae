using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;

namespace LifeWindow.Integration.Streams.EventHubs;

/// <summary>
/// Publishes feed messages to the Event Hubs feed stream through the SDK's <see cref="EventHubBufferedProducerClient"/>
/// (it batches per partition and retries), one event per record with the customer key as the partition key, so one
/// customer's records stay on one partition, in order. The buffered producer answers when an event is queued in memory;
/// a 2xx must mean the record is kept, so a publish returns only when the producer reports the batch holding its events
/// as sent (<c>SendEventBatchSucceededAsync</c>), and fails when it reports them failed after its retries.
/// </summary>
public sealed class EventHubsFeedStream : IFeedStream, IAsyncDisposable
{
    private const string PublishId = "lifewindow-publish-id";

    private readonly EventHubBufferedProducerClient producer;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> pending = new(StringComparer.Ordinal);

    public EventHubsFeedStream(EventHubBufferedProducerClient producer)
    {
        ArgumentNullException.ThrowIfNull(producer);
        this.producer = producer;
        producer.SendEventBatchSucceededAsync += args =>
        {
            Settle(args.EventBatch, null);
            return Task.CompletedTask;
        };
        producer.SendEventBatchFailedAsync += args =>
        {
            Settle(args.EventBatch, args.Exception);
            return Task.CompletedTask;
        };
    }

    public Task PublishAsync(FeedMessage message, CancellationToken cancellationToken) => PublishBatchAsync([message], cancellationToken);

    public async Task PublishBatchAsync(IReadOnlyList<FeedMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var sent = new List<Task>(messages.Count);
        foreach (var customer in messages.GroupBy(m => m.Record.CustomerKey, StringComparer.Ordinal))
        {
            var events = new List<EventData>();
            foreach (var message in customer)
            {
                var item = new EventData(BinaryData.FromString(FeedMessageJson.Serialize(message))) { ContentType = "application/json" };
                var id = Guid.NewGuid().ToString("N");
                item.Properties[PublishId] = id;
                var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                pending[id] = completion;
                sent.Add(completion.Task);
                events.Add(item);
            }

            try
            {
                await producer.EnqueueEventsAsync(events, new EnqueueEventOptions { PartitionKey = customer.Key }, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // Not taken: no report will come for these events.
                foreach (var item in events)
                {
                    pending.TryRemove((string)item.Properties[PublishId], out _);
                }

                throw;
            }
        }

        // A caller that gives up may still have its records sent: at least once, which the consumer's folding tolerates.
        await Task.WhenAll(sent).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => producer.DisposeAsync();

    private void Settle(IEnumerable<EventData> events, Exception? failure)
    {
        foreach (var item in events)
        {
            if (item.Properties.TryGetValue(PublishId, out var id) && id is string key && pending.TryRemove(key, out var completion))
            {
                if (failure is null)
                {
                    completion.TrySetResult();
                }
                else
                {
                    completion.TrySetException(failure); // the ingress answers 503 and the sender retries
                }
            }
        }
    }
}
