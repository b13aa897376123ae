using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Primitives;
using Azure.Messaging.EventHubs.Processor;

namespace LifeWindow.Integration.Streams.EventHubs;

/// <summary>
/// Partition ownership and checkpoints of the Event Hubs feed-stream consumer, in Azure Table storage (table
/// <c>StreamCheckpoints</c>): one partition per hub and consumer group, a row <c>ownership-{partition}</c> and a row
/// <c>checkpoint-{partition}</c>. Ownership is claimed with the row's ETag as its version, so of two processors claiming one
/// partition at once exactly one wins, and a processor that stopped renewing loses its partitions once the SDK's load
/// balancer sees the claim expire. Our own code because the SDK's store (<c>Azure.Messaging.EventHubs.Processor</c>'s
/// BlobCheckpointStore) keeps them in blobs, and LifeWindow keeps all its state in tables.
/// </summary>
public sealed class TableCheckpointStore(LifeWindowTables tables, string fullyQualifiedNamespace, string eventHubName, string consumerGroup)
{
    public const string Table = "StreamCheckpoints";

    private readonly string partitionKey = $"{fullyQualifiedNamespace}|{eventHubName}|{consumerGroup}".ToLowerInvariant();

    public async Task<IReadOnlyList<EventProcessorPartitionOwnership>> ListOwnershipAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Table, cancellationToken).ConfigureAwait(false);
        var owned = new List<EventProcessorPartitionOwnership>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == partitionKey && e.RowKey.CompareTo("ownership-") >= 0 && e.RowKey.CompareTo("ownership.") < 0, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            owned.Add(Ownership(row.RowKey["ownership-".Length..], row.GetString("Owner") ?? string.Empty, row.Timestamp ?? DateTimeOffset.MinValue, row.ETag.ToString()));
        }

        return owned;
    }

    /// <summary>Claims each desired partition whose version is still the one given (none: not owned before); returns the claims that won, with their new versions.</summary>
    public async Task<IReadOnlyList<EventProcessorPartitionOwnership>> ClaimOwnershipAsync(IEnumerable<EventProcessorPartitionOwnership> desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var table = await tables.GetAsync(Table, cancellationToken).ConfigureAwait(false);
        var claimed = new List<EventProcessorPartitionOwnership>();
        foreach (var claim in desired)
        {
            var row = new TableEntity(partitionKey, "ownership-" + claim.PartitionId) { ["Owner"] = claim.OwnerIdentifier };
            try
            {
                var response = string.IsNullOrEmpty(claim.Version)
                    ? await table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false)
                    : await table.UpdateEntityAsync(row, new ETag(claim.Version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                claimed.Add(Ownership(claim.PartitionId, claim.OwnerIdentifier, response.Headers.Date ?? DateTimeOffset.UtcNow, response.Headers.ETag!.Value.ToString()));
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another processor claimed it first (or renewed it): not ours this round.
            }
        }

        return claimed;
    }

    public async Task<EventProcessorCheckpoint?> GetCheckpointAsync(string partitionId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Table, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, "checkpoint-" + partitionId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!row.HasValue || row.Value is not { } found || found.GetInt64("SequenceNumber") is not { } sequence)
        {
            return null;
        }

        return new EventProcessorCheckpoint
        {
            FullyQualifiedNamespace = fullyQualifiedNamespace,
            EventHubName = eventHubName,
            ConsumerGroup = consumerGroup,
            PartitionId = partitionId,
            ClientIdentifier = found.GetString("ClientIdentifier"),
            LastModified = found.Timestamp ?? DateTimeOffset.MinValue,
            // Processing resumes after the last event handled: by its offset, as the service asks, else its sequence number.
            StartingPosition = found.GetString("Offset") is { Length: > 0 } offset
                ? EventPosition.FromOffset(offset, isInclusive: false)
                : EventPosition.FromSequenceNumber(sequence, isInclusive: false),
        };
    }

    /// <summary>The last event handled on the partition: processing resumes after it.</summary>
    public async Task UpdateCheckpointAsync(string partitionId, CheckpointPosition position, string? clientIdentifier, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(
            new TableEntity(partitionKey, "checkpoint-" + partitionId)
            {
                ["SequenceNumber"] = position.SequenceNumber,
                ["Offset"] = position.OffsetString,
                ["ClientIdentifier"] = clientIdentifier,
            },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
    }

    private EventProcessorPartitionOwnership Ownership(string partitionId, string owner, DateTimeOffset modified, string version) => new()
    {
        FullyQualifiedNamespace = fullyQualifiedNamespace,
        EventHubName = eventHubName,
        ConsumerGroup = consumerGroup,
        PartitionId = partitionId,
        OwnerIdentifier = owner,
        LastModifiedTime = modified,
        Version = version,
    };
}
