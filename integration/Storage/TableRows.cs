namespace LifeWindow.Integration.Storage;

/// <summary>
/// Adding a row once; deleting rows (a query's, or given ones) in entity-group transactions of at most 100 rows of one
/// partition, where a row another writer removed first is no failure.
/// </summary>
internal static class TableRows
{
    /// <summary>Adds the row unless one with its keys exists; false when it did (409).</summary>
    public static async Task<bool> TryAddAsync(TableClient table, TableEntity entity, CancellationToken cancellationToken)
    {
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

    /// <summary>Deletes the rows <paramref name="filter"/> finds; how many.</summary>
    public static async Task<int> DeleteAsync(TableClient table, string filter, CancellationToken cancellationToken) =>
        (await DeleteFoundAsync(table, filter, cancellationToken).ConfigureAwait(false)).Count;

    /// <summary>Deletes the rows <paramref name="filter"/> finds; their keys, for a caller that counts some kind of row.</summary>
    public static async Task<IReadOnlyList<TableEntity>> DeleteFoundAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new TableEntity(entity.PartitionKey, entity.RowKey));
        }

        foreach (var chunk in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal).SelectMany(partition => partition.Chunk(TableShards.MaxTransaction)))
        {
            await DeleteRowsAsync(table, chunk, cancellationToken).ConfigureAwait(false);
        }

        return rows;
    }

    /// <summary>Removes rows of one partition in one transaction, or one by one when one of them is gone already.</summary>
    public static async Task DeleteRowsAsync(TableClient table, IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404)
        {
            foreach (var row in rows)
            {
                // Azure.Data.Tables answers a delete of a missing entity with its 404 response rather than an exception.
                using var response = await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
