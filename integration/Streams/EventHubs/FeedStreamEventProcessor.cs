using Azure.Core;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Primitives;
using Azure.Messaging.EventHubs.Processor;

namespace LifeWindow.Integration.Streams.EventHubs;

/// <summary>
/// The Event Hubs feed-stream consumer: the SDK's <see cref="EventProcessor{TPartition}"/> does the reading and the load
/// balancing across instances (each partition owned by one processor at a time; a processor that dies loses its
/// partitions to the others when its claims expire); ownership and checkpoints live in <see cref="TableCheckpointStore"/>;
/// each batch of a partition is handled in order by <see cref="FeedStreamBatchHandler"/>, and checkpointed after it.
/// </summary>
public sealed class FeedStreamEventProcessor(
    TableCheckpointStore store,
    FeedStreamBatchHandler handler,
    ILogger<FeedStreamEventProcessor> logger,
    int eventBatchMaximumCount,
    string consumerGroup,
    string fullyQualifiedNamespace,
    string eventHubName,
    TokenCredential credential,
    EventProcessorOptions? options = null)
    : EventProcessor<EventProcessorPartition>(eventBatchMaximumCount, consumerGroup, fullyQualifiedNamespace, eventHubName, credential, options)
{
    protected override async Task OnProcessingEventBatchAsync(IEnumerable<EventData> events, EventProcessorPartition partition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(partition);
        if (await handler.HandleAsync([.. events], partition.PartitionId, cancellationToken).ConfigureAwait(false) is { } position)
        {
            await UpdateCheckpointAsync(partition.PartitionId, position, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override Task OnProcessingErrorAsync(Exception exception, EventProcessorPartition partition, string operationDescription, CancellationToken cancellationToken)
    {
        logger.LogError(exception, "Event Hubs feed stream: {Operation} failed on partition {Partition}", operationDescription, partition?.PartitionId ?? "(none)");
        return Task.CompletedTask;
    }

    protected override async Task<IEnumerable<EventProcessorPartitionOwnership>> ListOwnershipAsync(CancellationToken cancellationToken) =>
        await store.ListOwnershipAsync(cancellationToken).ConfigureAwait(false);

    protected override async Task<IEnumerable<EventProcessorPartitionOwnership>> ClaimOwnershipAsync(IEnumerable<EventProcessorPartitionOwnership> desiredOwnership, CancellationToken cancellationToken) =>
        await store.ClaimOwnershipAsync(desiredOwnership, cancellationToken).ConfigureAwait(false);

    protected override async Task<EventProcessorCheckpoint> GetCheckpointAsync(string partitionId, CancellationToken cancellationToken) =>
        (await store.GetCheckpointAsync(partitionId, cancellationToken).ConfigureAwait(false))!;

    protected override Task UpdateCheckpointAsync(string partitionId, CheckpointPosition startingPosition, CancellationToken cancellationToken) =>
        store.UpdateCheckpointAsync(partitionId, startingPosition, Identifier, cancellationToken);
}
