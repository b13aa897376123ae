namespace LifeWindow.Integration.Audit;

/// <summary>
/// The verifiable audit trail: every decision LifeWindow makes about a customer, appended to that customer's hash chain
/// (partition = SHA-256 of their key), with periodic anchors over all chains. Appending the same entry id twice records
/// it once. An erasure deletes the customer's chain; the receipt chain keeps the fact of it under the key's hash.
/// </summary>
public interface IAuditLog : ICustomerDataEraser
{
    Task AppendAsync(string partition, AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>One chain, oldest first.</summary>
    IAsyncEnumerable<AuditRecord> ReadAsync(string partition, CancellationToken cancellationToken);

    /// <summary>Seals every chain's current head into a new anchor, linked to the last one.</summary>
    Task<AuditAnchor> AnchorAsync(CancellationToken cancellationToken);

    /// <summary>Recomputes every chain and anchor (see <see cref="AuditChain.Verify"/>).</summary>
    Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken);
}

public static class AuditLogExtensions
{
    public static Task AppendForCustomerAsync(this IAuditLog log, string customerKey, AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        return log.AppendAsync(AuditChain.PartitionOf(customerKey), entry, cancellationToken);
    }

    public static IAsyncEnumerable<AuditRecord> ReadForCustomerAsync(this IAuditLog log, string customerKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        return log.ReadAsync(AuditChain.PartitionOf(customerKey), cancellationToken);
    }
}

public sealed class InMemoryAuditLog(TimeProvider time) : IAuditLog
{
    private readonly Dictionary<string, List<AuditRecord>> chains = new(StringComparer.Ordinal);
    private readonly HashSet<(string, string)> entries = [];
    private readonly List<AuditAnchor> anchors = [];
    private readonly Lock gate = new();

    public string ErasedItems => "audit records";

    public Task AppendAsync(string partition, AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (gate)
        {
            if (entries.Add((partition, entry.EntryId)))
            {
                var chain = chains.TryGetValue(partition, out var c) ? c : chains[partition] = [];
                chain.Add(AuditChain.Next(partition, chain.Count == 0 ? null : new AuditHead(chain[^1].Sequence, chain[^1].Hash), entry, time.GetUtcNow()));
            }
        }

        return Task.CompletedTask;
    }

    public IAsyncEnumerable<AuditRecord> ReadAsync(string partition, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return (chains.TryGetValue(partition, out var chain) ? chain.ToList() : []).ToAsyncEnumerable();
        }
    }

    public Task<int> EraseCustomerAsync(string customerKey, CancellationToken cancellationToken)
    {
        var partition = AuditChain.PartitionOf(customerKey);
        lock (gate)
        {
            entries.RemoveWhere(e => e.Item1 == partition);
            return Task.FromResult(chains.Remove(partition, out var chain) ? chain.Count : 0);
        }
    }

    public Task<AuditAnchor> AnchorAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            var anchor = AuditChain.Seal(AnchorIds.New(now), now, chains.ToDictionary(c => c.Key, c => new AuditHead(c.Value[^1].Sequence, c.Value[^1].Hash), StringComparer.Ordinal), anchors.LastOrDefault());
            anchors.Add(anchor);
            return Task.FromResult(anchor);
        }
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(AuditChain.Verify(
                chains.ToDictionary(c => c.Key, c => ((IReadOnlyList<AuditRecord>)[.. c.Value], (AuditHead?)null), StringComparer.Ordinal),
                [.. anchors]));
        }
    }
}

internal static class AnchorIds
{
    public static string New(DateTimeOffset at) => $"an-{at.UtcTicks:D19}-{Guid.NewGuid().ToString("N")[..8]}";
}

/// <summary>
/// Table <c>AuditLog</c>: PartitionKey = the chain (a key hash, or "erasures"); RowKey "r{sequence}" for a record (its
/// JSON), "head" for the chain's head (sequence and hash, ETag-guarded), "e|{entry hash}" marking an entry as recorded.
/// A record, its marker and the head move in one entity-group transaction, so a chain never has a record without its
/// head or the other way round. Anchors are rows of the partition "~anchors".
/// </summary>
public sealed class TableAuditLog(LifeWindowTables tables, TimeProvider time) : IAuditLog
{
    private const string HeadRow = "head";
    private const string AnchorPartition = "~anchors";
    private const int MaxAttempts = 30;

    public string ErasedItems => "audit records";

    public async Task AppendAsync(string partition, AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var table = await tables.GetAsync(LifeWindowTables.AuditLog, cancellationToken).ConfigureAwait(false);
        var marker = "e|" + AuditChain.PartitionOf(entry.EntryId)[..40];
        for (var attempt = 1; ; attempt++)
        {
            var head = await table.GetEntityIfExistsAsync<TableEntity>(partition, HeadRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            var current = head.HasValue && head.Value is not null ? new AuditHead(head.Value.GetInt64("Sequence") ?? 0, head.Value.GetString("Hash")!) : null;
            var record = AuditChain.Next(partition, current, entry, time.GetUtcNow());
            var newHead = new TableEntity(partition, HeadRow) { ["Sequence"] = record.Sequence, ["Hash"] = record.Hash };
            TableTransactionAction[] actions =
            [
                new(TableTransactionActionType.Add, new TableEntity(partition, RowOf(record.Sequence)) { ["Json"] = JsonSerializer.Serialize(record, LifeWindowJson.Options) }),
                new(TableTransactionActionType.Add, new TableEntity(partition, marker)),
                current is null ? new(TableTransactionActionType.Add, newHead) : new(TableTransactionActionType.UpdateReplace, newHead, head.Value!.ETag),
            ];
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Recorded already (the marker exists), or another append moved the head first: look again.
                if ((await table.GetEntityIfExistsAsync<TableEntity>(partition, marker, cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue)
                {
                    return;
                }
            }
        }
    }

    public async IAsyncEnumerable<AuditRecord> ReadAsync(string partition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.AuditLog, cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"r"} and RowKey lt {"s"}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return JsonSerializer.Deserialize<AuditRecord>(entity.GetString("Json")!, LifeWindowJson.Options)!;
        }
    }

    public async Task<int> EraseCustomerAsync(string customerKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.AuditLog, cancellationToken).ConfigureAwait(false);
        var deleted = await TableRows.DeleteFoundAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {AuditChain.PartitionOf(customerKey)}"), cancellationToken).ConfigureAwait(false);
        return deleted.Count(row => row.RowKey.StartsWith('r')); // the records, not their entry markers or the head
    }

    public async Task<AuditAnchor> AnchorAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.AuditLog, cancellationToken).ConfigureAwait(false);
        var heads = new Dictionary<string, AuditHead>(StringComparer.Ordinal);
        await foreach (var head in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {HeadRow}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            heads[head.PartitionKey] = new AuditHead(head.GetInt64("Sequence") ?? 0, head.GetString("Hash")!);
        }

        var now = time.GetUtcNow();
        var anchor = AuditChain.Seal(AnchorIds.New(now), now, heads, (await ReadAnchorsAsync(table, cancellationToken).ConfigureAwait(false)).LastOrDefault());
        await table.AddEntityAsync(new TableEntity(AnchorPartition, anchor.AnchorId) { ["Json"] = JsonSerializer.Serialize(anchor, LifeWindowJson.Options) }, cancellationToken).ConfigureAwait(false);
        return anchor;
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.AuditLog, cancellationToken).ConfigureAwait(false);
        var records = new Dictionary<string, List<AuditRecord>>(StringComparer.Ordinal);
        var heads = new Dictionary<string, AuditHead>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ne {AnchorPartition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.RowKey == HeadRow)
            {
                heads[row.PartitionKey] = new AuditHead(row.GetInt64("Sequence") ?? 0, row.GetString("Hash")!);
            }
            else if (row.RowKey.StartsWith('r'))
            {
                var list = records.TryGetValue(row.PartitionKey, out var l) ? l : records[row.PartitionKey] = [];
                list.Add(JsonSerializer.Deserialize<AuditRecord>(row.GetString("Json")!, LifeWindowJson.Options)!);
            }
        }

        var chains = records.Keys.Concat(heads.Keys).Distinct(StringComparer.Ordinal).ToDictionary(
            p => p,
            p => ((IReadOnlyList<AuditRecord>)(records.TryGetValue(p, out var r) ? r : []), heads.GetValueOrDefault(p)),
            StringComparer.Ordinal);
        return AuditChain.Verify(chains, await ReadAnchorsAsync(table, cancellationToken).ConfigureAwait(false));
    }

    private static string RowOf(long sequence) => string.Create(CultureInfo.InvariantCulture, $"r{sequence:D12}");

    private static async Task<List<AuditAnchor>> ReadAnchorsAsync(TableClient table, CancellationToken cancellationToken) =>
        await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {AnchorPartition}"), cancellationToken: cancellationToken)
            .Select(row => JsonSerializer.Deserialize<AuditAnchor>(row.GetString("Json")!, LifeWindowJson.Options)!)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
}
