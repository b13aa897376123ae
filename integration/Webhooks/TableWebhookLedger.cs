using System.IO.Compression;

namespace LifeWindow.Integration.Webhooks;

/// <summary>
/// The webhook-id ledger in Table storage: PartitionKey = scope, RowKey = escaped webhook-id. The stored
/// response body is gzipped and split across binary properties Body0, Body1… of under 64 KiB each (a
/// property's limit): a 500-record batch answer is hundreds of KiB of JSON but compresses to a few tens,
/// well inside an entity's 1 MiB. Rows written before this layout kept the body as one "Body" string.
/// </summary>
public sealed class TableWebhookLedger(LifeWindowTables tables) : IWebhookLedger
{
    public async Task<LedgerClaim> TryClaimAsync(string scope, string webhookId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.WebhookLedger, cancellationToken).ConfigureAwait(false);
        var rowKey = RowKey(webhookId);
        var claim = new TableEntity(scope, rowKey)
        {
            ["State"] = "Processing",
            ["CreatedAt"] = now,
            ["LeaseUntil"] = now + lease,
        };

        try
        {
            await table.AddEntityAsync(claim, cancellationToken).ConfigureAwait(false);
            return LedgerClaim.Claimed;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Seen before: replay, wait, or take over an expired lease.
        }

        var existing = await table.GetEntityIfExistsAsync<TableEntity>(scope, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!existing.HasValue || existing.Value is null)
        {
            return LedgerClaim.InProgress;
        }

        var entity = existing.Value;
        if (entity.GetString("State") == "Completed")
        {
            return new LedgerClaim(ClaimStatus.Completed, new StoredResponse(
                entity.GetInt32("StatusCode") ?? 200,
                entity.GetString("ContentType") ?? "application/json",
                ReadBody(entity)));
        }

        if (entity.GetDateTimeOffset("LeaseUntil") > now)
        {
            return LedgerClaim.InProgress;
        }

        try
        {
            await table.UpdateEntityAsync(claim, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return LedgerClaim.Claimed;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return LedgerClaim.InProgress;
        }
    }

    public async Task CompleteAsync(string scope, string webhookId, StoredResponse response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.WebhookLedger, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(scope, RowKey(webhookId))
        {
            ["State"] = "Completed",
            ["CreatedAt"] = now,
            ["StatusCode"] = response.StatusCode,
            ["ContentType"] = response.ContentType,
        };
        WriteBody(entity, response.Body);
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task ReleaseAsync(string scope, string webhookId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.WebhookLedger, cancellationToken).ConfigureAwait(false);
        await table.DeleteEntityAsync(scope, RowKey(webhookId), ETag.All, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.WebhookLedger, cancellationToken).ConfigureAwait(false);
        var purged = 0;
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"CreatedAt lt {olderThan}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            purged++;
        }

        return purged;
    }

    /// <summary>Under the 64 KiB a binary property may hold.</summary>
    public const int ChunkBytes = 60 * 1024;

    /// <summary>Chunks an entity can carry beside the other columns, under its 1 MiB.</summary>
    public const int MaxChunks = 15;

    private const string BodyChunks = "BodyChunks";

    public static void WriteBody(TableEntity entity, string body)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(body);
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(body));
        }

        var bytes = compressed.GetBuffer().AsMemory(0, (int)compressed.Length);
        var chunks = (bytes.Length + ChunkBytes - 1) / ChunkBytes;
        if (chunks > MaxChunks)
        {
            // Not reachable from partner input within the batch limit (see WebhookOptions.MaxBatchRecords); said plainly if it ever is.
            throw new InvalidOperationException($"A webhook response of {body.Length} characters compresses to {bytes.Length} bytes, more than a ledger row holds.");
        }

        entity[BodyChunks] = chunks;
        for (var i = 0; i < chunks; i++)
        {
            entity[ChunkName(i)] = bytes.Slice(i * ChunkBytes, Math.Min(ChunkBytes, bytes.Length - (i * ChunkBytes))).ToArray();
        }
    }

    public static string ReadBody(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.GetInt32(BodyChunks) is not { } chunks)
        {
            return entity.GetString("Body") ?? string.Empty;
        }

        using var compressed = new MemoryStream();
        for (var i = 0; i < chunks; i++)
        {
            compressed.Write(entity.GetBinary(ChunkName(i)) ?? throw new InvalidDataException($"Ledger row {entity.PartitionKey}/{entity.RowKey} lacks {ChunkName(i)}."));
        }

        compressed.Position = 0;
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string ChunkName(int index) => string.Create(CultureInfo.InvariantCulture, $"Body{index}");

    /// <summary>Table keys may not hold '/', '\', '#', '?' or control characters; a webhook-id may.</summary>
    private static string RowKey(string webhookId) => Uri.EscapeDataString(webhookId);
}
