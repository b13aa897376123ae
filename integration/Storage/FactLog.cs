namespace LifeWindow.Integration.Storage;

/// <summary>
/// Every accepted canonical record, per customer, exactly once (keyed by evidence hash). The profile
/// folds what it understands; the log keeps everything, so a later fold or a backtest can replay it.
/// </summary>
public interface IFactLog
{
    /// <summary>Appends the record unless its evidence is already logged; true when it was new.</summary>
    Task<bool> AppendAsync(FeedRecord record, DateTimeOffset recordedAt, CancellationToken cancellationToken);

    /// <summary>Appends records of any customers (those not yet logged); a store that can writes them in few requests.</summary>
    async Task AppendManyAsync(IReadOnlyList<(FeedRecord Record, DateTimeOffset RecordedAt)> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var (record, recordedAt) in records)
        {
            await AppendAsync(record, recordedAt, cancellationToken).ConfigureAwait(false);
        }
    }

    IAsyncEnumerable<LoggedFact> ReadAsync(string customerKey, CancellationToken cancellationToken);

    /// <summary>
    /// Every customer's facts, one customer at a time (in the store's order of customers, facts by recorded time), for a scan
    /// such as a backtest. Streams: only one customer's facts are held at once.
    /// </summary>
    IAsyncEnumerable<CustomerFacts> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Deletes every fact of the customer; how many.</summary>
    Task<int> DeleteCustomerAsync(string customerKey, CancellationToken cancellationToken);

    /// <summary>Deletes the customer's facts of the given record types (a withdrawn consent source); how many.</summary>
    Task<int> DeleteRecordTypesAsync(string customerKey, IReadOnlyCollection<Type> recordTypes, CancellationToken cancellationToken);

    /// <summary>Retention: forgets every fact recorded before <paramref name="olderThan"/>; how many.</summary>
    Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}

public sealed record LoggedFact(FeedRecord Record, DateTimeOffset RecordedAt);

/// <summary>One customer's logged facts, ordered by <see cref="LoggedFact.RecordedAt"/>.</summary>
public sealed record CustomerFacts(string CustomerKey, IReadOnlyList<LoggedFact> Facts);

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

    public async IAsyncEnumerable<CustomerFacts> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var byCustomer = facts
            .GroupBy(f => f.Key.Customer, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CustomerFacts(g.Key, FactOrder.Ordered(g.Select(f => f.Value))))
            .ToList();
        foreach (var customer in byCustomer)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return customer;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        Task.FromResult(facts.Where(f => f.Value.RecordedAt < olderThan).Count(f => facts.TryRemove(f.Key, out _)));

    public Task<int> DeleteRecordTypesAsync(string customerKey, IReadOnlyCollection<Type> recordTypes, CancellationToken cancellationToken) =>
        Task.FromResult(facts.Where(f => f.Key.Customer == customerKey && recordTypes.Contains(f.Value.Record.GetType())).Count(f => facts.TryRemove(f.Key, out _)));

    public Task<int> DeleteCustomerAsync(string customerKey, CancellationToken cancellationToken) =>
        Task.FromResult(facts.Keys.Where(k => k.Customer == customerKey).Count(k => facts.TryRemove(k, out _)));
}

/// <summary>
/// Table layout: a customer's facts share a shard partition with other customers' (<see cref="TableShards"/>), RowKey =
/// "{customerKey}|{evidence hash}", record type beside the JSON.
/// </summary>
public sealed class TableFactLog(LifeWindowTables tables) : IFactLog
{
    /// <summary>
    /// Records of any customers in entity-group transactions of up to 100 per shard partition. A transaction fails whole
    /// when one of its facts is logged already (a redelivery): then that chunk goes one by one, keeping the first recorded time.
    /// </summary>
    public async Task AppendManyAsync(IReadOnlyList<(FeedRecord Record, DateTimeOffset RecordedAt)> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var table = await tables.GetAsync(LifeWindowTables.FactLog, cancellationToken).ConfigureAwait(false);
        var chunks = records
            .Select(r => ToEntity(r.Record, r.RecordedAt))
            .DistinctBy(e => e.RowKey, StringComparer.Ordinal)
            .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
            .SelectMany(shard => shard.Chunk(TableShards.MaxTransaction));
        foreach (var chunk in chunks)
        {
            if (chunk.Length > 1)
            {
                try
                {
                    await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), cancellationToken).ConfigureAwait(false);
                    continue;
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 409)
                {
                    // Some were logged before: fall through to one at a time.
                }
            }

            foreach (var entity in chunk)
            {
                await TableRows.TryAddAsync(table, entity, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<bool> AppendAsync(FeedRecord record, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.FactLog, cancellationToken).ConfigureAwait(false);
        return await TableRows.TryAddAsync(table, ToEntity(record, recordedAt), cancellationToken).ConfigureAwait(false);
    }

    private static TableEntity ToEntity(FeedRecord record, DateTimeOffset recordedAt) => new(TableShards.Of(record.CustomerKey), TableShards.RowKey(record.CustomerKey, record.EvidenceHash))
    {
        ["RecordType"] = record.GetType().Name,
        ["RecordedAt"] = recordedAt,
        ["Json"] = JsonSerializer.Serialize(record, LifeWindowJson.Options),
    };

    public async IAsyncEnumerable<LoggedFact> ReadAsync(string customerKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.FactLog, cancellationToken).ConfigureAwait(false);
        var rows = new List<LoggedFact>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableShards.CustomerFilter(customerKey), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(ToFact(entity));
        }

        foreach (var fact in rows.OrderBy(f => f.RecordedAt))
        {
            yield return fact;
        }
    }

    /// <summary>
    /// One query over the whole table: the service returns rows partition by partition and by RowKey within one, so a
    /// customer's rows ("{customerKey}|…") come together and each customer is yielded as soon as the next one starts.
    /// Customers come in shard order, then key order.
    /// </summary>
    public async IAsyncEnumerable<CustomerFacts> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.FactLog, cancellationToken).ConfigureAwait(false);
        string? current = null;
        var rows = new List<LoggedFact>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: 1000, select: ["RowKey", "RecordedAt", "Json"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var customer = TableShards.Split(entity.RowKey).CustomerKey;
            if (current is not null && !string.Equals(current, customer, StringComparison.Ordinal))
            {
                yield return new CustomerFacts(current, FactOrder.Ordered(rows));
                rows = [];
            }

            current = customer;
            rows.Add(ToFact(entity));
        }

        if (current is not null)
        {
            yield return new CustomerFacts(current, FactOrder.Ordered(rows));
        }
    }

    /// <summary>A filtered scan of the whole log on the RecordedAt column; the rows go in transactions per shard partition.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.FactLog, cancellationToken).ConfigureAwait(false);
        return await TableRows.DeleteAsync(table, TableClient.CreateQueryFilter($"RecordedAt lt {olderThan}"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The customer's rows whose RecordType column names one of the types.</summary>
    public async Task<int> DeleteRecordTypesAsync(string customerKey, IReadOnlyCollection<Type> recordTypes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recordTypes);
        var table = await tables.GetAsync(LifeWindowTables.FactLog, cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        foreach (var name in recordTypes.Select(t => t.Name))
        {
            var filter = TableShards.CustomerFilter(customerKey) + " and " + TableClient.CreateQueryFilter($"RecordType eq {name}");
            deleted += await TableRows.DeleteAsync(table, filter, cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }

    public async Task<int> DeleteCustomerAsync(string customerKey, CancellationToken cancellationToken) =>
        await TableRows.DeleteAsync(await tables.GetAsync(LifeWindowTables.FactLog, cancellationToken).ConfigureAwait(false), TableShards.CustomerFilter(customerKey), cancellationToken).ConfigureAwait(false);

    private static LoggedFact ToFact(TableEntity entity) => new(
        JsonSerializer.Deserialize<FeedRecord>(entity.GetString("Json")!, LifeWindowJson.Options)!,
        entity.GetDateTimeOffset("RecordedAt") ?? DateTimeOffset.MinValue);
}

/// <summary>The one order a customer's facts are handed out in: recorded time, then evidence hash, so equal times stay deterministic.</summary>
public static class FactOrder
{
    public static IReadOnlyList<LoggedFact> Ordered(IEnumerable<LoggedFact> facts) =>
        facts.OrderBy(f => f.RecordedAt).ThenBy(f => f.Record.EvidenceHash, StringComparer.Ordinal).ToList();
}
