using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace LifeWindow.EndToEnd.Tests;

/// <summary>Looks for strings in everything a host wrote to a storage account under some name prefixes: table entities, queue messages, blobs.</summary>
internal static class StorageScan
{
    public sealed record Result(int Scanned, IReadOnlyList<string> Hits);

    /// <summary>A text as it may sit in storage: itself, and as System.Text.Json writes it (non-ASCII as \uXXXX).</summary>
    public static string[] AsStored(string text) => [text, JsonSerializer.Serialize(text)[1..^1]];

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
                    Look($"queue {queue.Name}", Readable(message.Body.ToArray()));
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
                Look($"blob {container.Name}/{blob.Name}", Readable((await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray()));
            }
        }

        return new Result(scanned, hits);
    }

    /// <summary>
    /// The text as stored, and what it holds once unwrapped: a Base64 body (the feed stream's queue messages) decoded, a
    /// gzip body (the task hub's large messages) decompressed — so the scan sees what a reader of the account could.
    /// </summary>
    private static string Readable(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var trimmed = text.Trim();
        var buffer = new byte[trimmed.Length];
        var inner = trimmed.Length > 0 && Convert.TryFromBase64String(trimmed, buffer, out var length) ? buffer[..length] : null;
        return string.Join('\n', new[] { text, Gunzip(bytes), inner is null ? null : Encoding.UTF8.GetString(inner), inner is null ? null : Gunzip(inner) }.OfType<string>());
    }

    private static string? Gunzip(byte[] bytes)
    {
        if (bytes.Length < 2 || bytes[0] != 0x1F || bytes[1] != 0x8B)
        {
            return null;
        }

        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
