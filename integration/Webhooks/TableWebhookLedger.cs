using Azure;
using Azure.Data.Tables;
using LifeWindow.Integration.Storage;

namespace LifeWindow.Integration.Webhooks;

/// <summary>The webhook-id ledger in Table storage: PartitionKey = scope, RowKey = escaped webhook-id.</summary>
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
                entity.GetString("Body") ?? string.Empty));
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
            ["Body"] = response.Body,
        };
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

    /// <summary>Table keys may not hold '/', '\', '#', '?' or control characters; a webhook-id may.</summary>
    private static string RowKey(string webhookId) => Uri.EscapeDataString(webhookId);
}
