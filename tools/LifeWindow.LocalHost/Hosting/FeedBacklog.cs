using Azure.Storage.Queues;
using Azure.Storage.Queues.Specialized;
using LifeWindow.Integration.Telemetry;

namespace LifeWindow.LocalHost.Hosting;

/// <summary>
/// What the feed stream still holds, whichever transport the local host runs: the demo, the whitelist import
/// and tests wait on it until every accepted record has been consumed.
/// </summary>
public interface IFeedBacklog
{
    /// <summary>Waits until everything published so far has been consumed (or set aside as failed).</summary>
    Task WaitForIdleAsync(TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Messages set aside after their last attempt failed (in memory: <see cref="InMemoryFeedStream.Failed"/>; the queue: its "-poison" queue).</summary>
    Task<int> FailedCountAsync(CancellationToken cancellationToken = default);
}

internal sealed class InMemoryFeedBacklog(InMemoryFeedStream stream) : IFeedBacklog
{
    public Task WaitForIdleAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => stream.WaitForIdleAsync(timeout, cancellationToken);

    public Task<int> FailedCountAsync(CancellationToken cancellationToken = default) => Task.FromResult(stream.Failed.Count);
}

/// <summary>The queue is idle when it holds no message at all: a message being handled is hidden but still counted until it is deleted.</summary>
internal sealed class StorageQueueFeedBacklog([FromKeyedServices(StorageQueueFeedStream.QueueName)] QueueClient queue) : IFeedBacklog
{
    public async Task WaitForIdleAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        await queue.CreateIfNotExistsAsync(cancellationToken: cts.Token).ConfigureAwait(false);
        while ((await queue.GetPropertiesAsync(cts.Token).ConfigureAwait(false)).Value.ApproximateMessagesCount > 0)
        {
            await Task.Delay(50, cts.Token).ConfigureAwait(false);
        }
    }

    public async Task<int> FailedCountAsync(CancellationToken cancellationToken = default) =>
        (int)await StorageQueueFeedStreamMonitor.CountAsync(
            queue.GetParentQueueServiceClient().GetQueueClient(FeedStreamOptions.PoisonQueueOf(queue.Name)), cancellationToken).ConfigureAwait(false);
}
