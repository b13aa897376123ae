namespace LifeWindow.Integration.Outbox;

/// <summary>
/// The outbox in the Leads table, so a lead and its entry share a partition (the customer key) and are written in
/// one entity-group transaction. Entries' row keys start with "~outbox~" (after every lead id), and lead listings
/// skip them. The dispatcher's query for due entries spans partitions (a filtered scan of the "~outbox~" rows);
/// at the volumes of leads (thousands a day, not millions) that is cheap, and it needs no second index to keep in step.
/// </summary>
public sealed class TableLeadOutbox(LifeWindowTables tables) : ILeadOutbox
{
    public const string RowPrefix = "~outbox~";

    public async Task<(Lead Lead, OutboxEntry Entry)> EnqueueLeadAsync(Lead lead, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        var entry = LeadOutboxEntries.New(lead, LeadEventKind.Created, now, null);
        try
        {
            var response = await table.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, TableLeadStore.ToEntity(lead)), new TableTransactionAction(TableTransactionActionType.Add, ToEntity(entry))],
                cancellationToken).ConfigureAwait(false);
            return (lead, entry with { ETag = response.Value[1].Headers.ETag?.ToString() });
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            // Enqueued before (an activity retried): what is stored stands.
        }

        var stored = await table.GetEntityIfExistsAsync<TableEntity>(lead.CustomerKey, lead.LeadId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var storedLead = stored.HasValue && stored.Value is not null ? TableJson.Read<Lead>(stored.Value) : lead;
        return (storedLead, await GetAsync(lead.CustomerKey, lead.LeadId, LeadEventKind.Created, cancellationToken).ConfigureAwait(false)
            ?? await AddAsync(table, entry, cancellationToken).ConfigureAwait(false));
    }

    public async Task<OutboxEntry> EnqueueWithdrawalAsync(Lead lead, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        return await GetAsync(lead.CustomerKey, lead.LeadId, LeadEventKind.Withdrawn, cancellationToken).ConfigureAwait(false)
            ?? await AddAsync(table, LeadOutboxEntries.New(lead, LeadEventKind.Withdrawn, now, reason), cancellationToken).ConfigureAwait(false);
    }

    public async Task<OutboxEntry?> GetAsync(string customerKey, string leadId, LeadEventKind kind, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(customerKey, RowKey(OutboxEntry.EventIdFor(leadId, kind)), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is not null ? FromEntity(response.Value) : null;
    }

    public async Task<OutboxEntry?> FindAsync(string leadId, LeadEventKind kind, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {RowKey(OutboxEntry.EventIdFor(leadId, kind))}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            return FromEntity(entity);
        }

        return null;
    }

    public async Task<IReadOnlyList<OutboxEntry>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"RowKey ge {RowPrefix} and RowKey lt {RowPrefix + "~"} and Status eq {nameof(OutboxStatus.Pending)} and NextAttemptAt le {now}");
        var due = new List<OutboxEntry>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add(FromEntity(entity));
            if (due.Count == max)
            {
                break;
            }
        }

        return [.. due.OrderBy(e => e.NextAttemptAt)];
    }

    public async IAsyncEnumerable<OutboxEntry> ListAsync(OutboxStatus? status, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        var filter = status is { } s
            ? TableClient.CreateQueryFilter($"RowKey ge {RowPrefix} and RowKey lt {RowPrefix + "~"} and Status eq {s.ToString()}")
            : TableClient.CreateQueryFilter($"RowKey ge {RowPrefix} and RowKey lt {RowPrefix + "~"}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return FromEntity(entity);
        }
    }

    public async Task<OutboxEntry?> TryUpdateAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await table.UpdateEntityAsync(ToEntity(entry), new ETag(entry.ETag ?? throw new ArgumentException("The entry carries no ETag.", nameof(entry))), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return entry with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    private async Task<OutboxEntry> AddAsync(TableClient table, OutboxEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.AddEntityAsync(ToEntity(entry), cancellationToken).ConfigureAwait(false);
            return entry with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Added by a concurrent call: that one stands.
            return await GetAsync(entry.CustomerKey, entry.LeadId, entry.Kind, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Outbox entry {entry.EventId} exists and cannot be read.", ex);
        }
    }

    /// <summary>Finished entries by their Status and CreatedAt columns, a filtered scan of the "~outbox~" rows.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        var purged = 0;
        foreach (var status in LeadOutboxEntries.Finished)
        {
            var filter = TableClient.CreateQueryFilter($"RowKey ge {RowPrefix} and RowKey lt {RowPrefix + "~"} and Status eq {status.ToString()} and CreatedAt lt {olderThan}");
            purged += await TableRows.DeleteAsync(table, filter, cancellationToken).ConfigureAwait(false);
        }

        return purged;
    }

    private static string RowKey(string eventId) => RowPrefix + eventId;

    private static TableEntity ToEntity(OutboxEntry e) => new(e.CustomerKey, RowKey(e.EventId))
    {
        ["LeadId"] = e.LeadId,
        ["WindowId"] = e.WindowId,
        ["Kind"] = e.Kind.ToString(),
        ["Status"] = e.Status.ToString(),
        ["Attempts"] = e.Attempts,
        ["CreatedAt"] = e.CreatedAt,
        ["NextAttemptAt"] = e.NextAttemptAt,
        ["ExpiresAt"] = e.ExpiresAt,
        ["SentAt"] = e.SentAt,
        ["LastStatusCode"] = e.LastStatusCode,
        ["LastError"] = e.LastError,
        ["Reason"] = e.Reason,
        ["TraceParent"] = e.TraceParent,
    };

    private static OutboxEntry FromEntity(TableEntity entity) => new()
    {
        CustomerKey = entity.PartitionKey,
        LeadId = entity.GetString("LeadId"),
        WindowId = entity.GetString("WindowId"),
        Kind = Enum.Parse<LeadEventKind>(entity.GetString("Kind")),
        Status = Enum.Parse<OutboxStatus>(entity.GetString("Status")),
        Attempts = entity.GetInt32("Attempts") ?? 0,
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? default,
        NextAttemptAt = entity.GetDateTimeOffset("NextAttemptAt") ?? default,
        ExpiresAt = entity.GetDateTimeOffset("ExpiresAt") ?? default,
        SentAt = entity.GetDateTimeOffset("SentAt"),
        LastStatusCode = entity.GetInt32("LastStatusCode"),
        LastError = entity.GetString("LastError"),
        Reason = entity.GetString("Reason"),
        TraceParent = entity.GetString("TraceParent"),
        ETag = entity.ETag.ToString(),
    };
}
