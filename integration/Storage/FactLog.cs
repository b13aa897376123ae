using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using LifeWindow.Domain.Feeds;
using LifeWindow.Integration.Serialization;

namespace LifeWindow.Integration.Storage;

/// <summary>
/// Every accepted canonical record, per customer, exactly once (keyed by evidence hash). The profile
/// folds what it understands; the log keeps everything, so a later fold or a backtest can replay it.
/// </summary>
public interface IFactLog
{
    /// <summary>Appends the record unless its evidence is already logged; true when it was new.</summary>
    Task<bool> AppendAsync(FeedRecord record, DateTimeOffset recordedAt, CancellationToken cancellationToken);

    IAsyncEnumerable<LoggedFact> ReadAsync(string customerKey, CancellationToken cancellationToken);

    Task DeleteCustomerAsync(string customerKey, CancellationToken cancellationToken);
}

public sealed record LoggedFact(FeedRecord Record, DateTimeOffset RecordedAt);

public sealed class InMemoryFactLog : IFactLog
{
    private readonly ConcurrentDictionary<(string Customer, string Evidence), LoggedFact> facts = new();

    public Task<bool> AppendAsync(FeedRecord record, DateTimeOffset recordedAt, CancellationToken cancellationToken) =>
        Task.FromResult(facts.TryAdd((record.CustomerKey, record.EvidenceHash), new LoggedFact(record, recordedAt)));

    public async IAsyncEnumerable<LoggedFact> ReadAsync(string customerKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var fact in facts.Where(f => f.Key.Customer == customerKey).OrderBy(f => f.Value.RecordedAt).Select(f => f.Value))
        {
            yield return fact;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task DeleteCustomerAsync(string customerKey, CancellationToken cancellationToken)
    {
        foreach (var key in facts.Keys.Where(k => k.Customer == customerKey).ToList())
        {
            facts.TryRemove(key, out _);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Table layout: PartitionKey = customer key, RowKey = evidence hash, record type beside the JSON.</summary>
public sealed class TableFactLog(LifeWindowTables tables) : IFactLog
{
    public async Task<bool> AppendAsync(FeedRecord record, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.FactLog, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(record.CustomerKey, record.EvidenceHash)
        {
            ["RecordType"] = record.GetType().Name,
            ["RecordedAt"] = recordedAt,
            ["Json"] = JsonSerializer.Serialize(record, LifeWindowJson.Options),
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<LoggedFact> ReadAsync(string customerKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.FactLog, cancellationToken).ConfigureAwait(false);
        var rows = new List<LoggedFact>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {customerKey}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new LoggedFact(
                JsonSerializer.Deserialize<FeedRecord>(entity.GetString("Json")!, LifeWindowJson.Options)!,
                entity.GetDateTimeOffset("RecordedAt") ?? DateTimeOffset.MinValue));
        }

        foreach (var fact in rows.OrderBy(f => f.RecordedAt))
        {
            yield return fact;
        }
    }

    public async Task DeleteCustomerAsync(string customerKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.FactLog, cancellationToken).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {customerKey}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }
    }
}
