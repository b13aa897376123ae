using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace LifeWindow.EndToEnd.Tests;

/// <summary>Looks for strings in everything a host wrote to a storage account under some name prefixes: table entities, queue messages, blobs.</summary>
internal static class StorageScan
{
    public sealed record Result(int Scanned, IReadOnlyList<string> Hits);

    public static async Task<Result> FindAsync(string connectionString, IReadOnlyList<string> prefixes, IReadOnlyList<string> needles)
    {
        var hits = new List<string>();
        var scanned = 0;
        bool Ours(string name) => prefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));
        void Look(string where, string text)
        {
            scanned++;
            hits.AddRange(needles.Where(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)).Select(n => $"{where} holds {n}…"));
        }

        var tables = new TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync())
        {
            if (!Ours(table.Name))
            {
                continue;
            }

            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                Look($"table {table.Name} {entity.PartitionKey}/{entity.RowKey}", string.Join('\n', entity.Select(p => p.Value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : p.Value?.ToString())));
            }
        }

        var queues = new QueueServiceClient(connectionString);
        await foreach (var queue in queues.GetQueuesAsync())
        {
            if (Ours(queue.Name))
            {
                foreach (var message in (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value)
                {
                    Look($"queue {queue.Name}", message.Body.ToString());
                }
            }
        }

        var blobs = new BlobServiceClient(connectionString);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            if (!Ours(container.Name))
            {
                continue;
            }

            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                Look($"blob {container.Name}/{blob.Name}", (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString());
            }
        }

        return new Result(scanned, hits);
    }
}
