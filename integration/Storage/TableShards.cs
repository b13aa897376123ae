using System.IO.Hashing;

namespace LifeWindow.Integration.Storage;

/// <summary>
/// The partition layout of the tables the feed consumer writes per record (profiles, fact log, windows): a customer's
/// rows live in one of <see cref="Count"/> shard partitions ("s00".."s15", a hash of the customer key) under RowKeys
/// that start with "{customerKey}|". A partition per customer would cost every record its own requests (a read, a write,
/// a query each); sharing a partition lets the consumer write many customers' rows in one entity-group transaction
/// and read them in one query, so a take of single-record messages of different customers costs a fraction of a
/// request per record. Sixteen partitions keep each well under a Table partition's ~2,000 entities/s while the account's
/// 20,000 transactions/s stays the limit; the count is part of the data layout and cannot change under stored data.
/// </summary>
public static class TableShards
{
    public const int Count = 16;

    /// <summary>Azure Tables allows at most 15 discrete comparisons in a filter: the PartitionKey and two per customer.</summary>
    public const int CustomersPerQuery = 7;

    /// <summary>Entity-group transactions hold at most 100 entities (and 4 MiB).</summary>
    public const int MaxTransaction = 100;

    private const char Separator = '|';

    /// <summary>The shard partition of a customer's rows.</summary>
    public static string Of(string customerKey) => "s" + IndexOf(customerKey).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The number (0 to <see cref="Count"/> - 1) of a customer's shard.</summary>
    public static int IndexOf(string customerKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerKey);
        if (customerKey.Contains(Separator, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A customer key cannot hold '{Separator}'.", nameof(customerKey));
        }

        return (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(customerKey)) % Count);
    }

    /// <summary>A customer's RowKey for <paramref name="rest"/>: "{customerKey}|{rest}".</summary>
    public static string RowKey(string customerKey, string rest) => customerKey + Separator + rest;

    /// <summary>The customer a RowKey belongs to and what follows the customer's prefix.</summary>
    public static (string CustomerKey, string Remainder) Split(string rowKey)
    {
        ArgumentNullException.ThrowIfNull(rowKey);
        var at = rowKey.IndexOf(Separator, StringComparison.Ordinal);
        return at < 0 ? throw new InvalidDataException($"RowKey {rowKey} has no customer prefix.") : (rowKey[..at], rowKey[(at + 1)..]);
    }

    /// <summary>A filter for every row of one customer.</summary>
    public static string CustomerFilter(string customerKey) => Filter(Of(customerKey), [customerKey]);

    /// <summary>
    /// Queries reading every row of the customers given, as few as the filter limit allows: customers grouped by shard,
    /// <see cref="CustomersPerQuery"/> to a query, each a RowKey range ("key|" up to "key}").
    /// </summary>
    public static IEnumerable<string> Filters(IEnumerable<string> customerKeys) =>
        customerKeys.Distinct(StringComparer.Ordinal)
            .GroupBy(Of, StringComparer.Ordinal)
            .SelectMany(shard => shard.Chunk(CustomersPerQuery).Select(keys => Filter(shard.Key, keys)));

    /// <summary>Every row of the customers given, read with <see cref="Filters"/>, the queries side by side, grouped by customer.</summary>
    public static async Task<ILookup<string, TableEntity>> ReadCustomersAsync(TableClient table, IEnumerable<string> customerKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var pages = await Task.WhenAll(Filters(customerKeys).Select(async filter =>
        {
            var rows = new List<TableEntity>();
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add(entity);
            }

            return rows;
        })).ConfigureAwait(false);
        return pages.SelectMany(p => p).ToLookup(e => Split(e.RowKey).CustomerKey, StringComparer.Ordinal);
    }

    private static string Filter(string shard, IReadOnlyList<string> customerKeys)
    {
        var ranges = customerKeys.Select(key => TableClient.CreateQueryFilter($"(RowKey ge {key + Separator} and RowKey lt {key + (char)(Separator + 1)})"));
        return TableClient.CreateQueryFilter($"PartitionKey eq {shard}") + " and (" + string.Join(" or ", ranges) + ")";
    }
}
