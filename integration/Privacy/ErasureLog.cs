namespace LifeWindow.Integration.Privacy;

/// <summary>
/// The proof that a customer was erased, kept after everything else of theirs is gone: a SHA-256 of their customer key
/// (not the key: the key itself would let their data be joined again), when, by which operator and why, how many
/// items each store erased, and what was kept under a legal duty to keep it.
/// </summary>
public sealed record ErasureReceipt(
    string ErasureId,
    string KeyHash,
    DateTimeOffset ErasedAt,
    string RequestedBy,
    string Reason,
    IReadOnlyDictionary<string, int> Erased,
    IReadOnlyList<string> Retained)
{
    /// <summary>Hex SHA-256 of the customer key: an auditor holding the key can find its receipt; the receipt cannot name the key.</summary>
    public static string HashOf(string customerKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(customerKey)));

    /// <summary>Time-ordered ids, so listing by row key is listing by time.</summary>
    public static string NewId(DateTimeOffset at) => $"er-{at.UtcTicks:D19}-{Guid.NewGuid().ToString("N")[..8]}";
}

public interface IErasureLog
{
    Task RecordAsync(ErasureReceipt receipt, CancellationToken cancellationToken);

    /// <summary>Oldest first.</summary>
    IAsyncEnumerable<ErasureReceipt> ListAsync(CancellationToken cancellationToken);
}

public sealed class InMemoryErasureLog : IErasureLog
{
    private readonly ConcurrentQueue<ErasureReceipt> receipts = new();

    public Task RecordAsync(ErasureReceipt receipt, CancellationToken cancellationToken)
    {
        receipts.Enqueue(receipt);
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<ErasureReceipt> ListAsync(CancellationToken cancellationToken) => receipts.ToAsyncEnumerable();
}

/// <summary>Table <c>Erasures</c>: PartitionKey = "erasure", RowKey = the time-ordered erasure id, the receipt as JSON.</summary>
public sealed class TableErasureLog(LifeWindowTables tables) : IErasureLog
{
    private const string Partition = "erasure";

    public async Task RecordAsync(ErasureReceipt receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var table = await tables.GetAsync(LifeWindowTables.Erasures, cancellationToken).ConfigureAwait(false);
        await table.AddEntityAsync(TableJson.Write(Partition, receipt.ErasureId, receipt), cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<ErasureReceipt> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Erasures, cancellationToken).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return TableJson.Read<ErasureReceipt>(entity);
        }
    }
}
