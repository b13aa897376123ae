using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using LifeWindow.Domain.Leads;
using LifeWindow.Domain.Profiles;
using LifeWindow.Domain.Time;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Serialization;

namespace LifeWindow.Integration.Storage;

/// <summary>
/// Profiles in Table storage, one partition per customer (PartitionKey = customer key): a head row
/// ("profile": snapshot, tags, compaction boundary; its ETag is the profile's version) and one row per
/// recent fact ("f|yyyyMMdd|evidence"). A save is one entity-group transaction: the head (added, or
/// replaced if its ETag still matches) with the new fact rows. Rows of compacted facts are removed after
/// the head commits; a row left behind by an interruption is ignored on read (its month is before the
/// head's boundary) and removed by the next save.
/// </summary>
public sealed class TableProfileStore(LifeWindowTables tables) : IProfileStore
{
    private const string HeadRow = "profile";
    private const string FactPrefix = "f|";
    private const int MaxBatch = 100;

    public async Task<StoredProfile?> GetAsync(string customerKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Profiles, cancellationToken).ConfigureAwait(false);
        TableEntity? head = null;
        var facts = new List<Fact>();
        var rows = new List<string>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {customerKey}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey == HeadRow)
            {
                head = entity;
            }
            else if (entity.RowKey.StartsWith(FactPrefix, StringComparison.Ordinal))
            {
                rows.Add(entity.RowKey);
                facts.Add(TableJson.Read<Fact>(entity));
            }
        }

        if (head is null)
        {
            return null;
        }

        var profile = TableJson.Read<CustomerProfile>(head);
        var current = facts
            .Where(f => profile.CompactedBefore is not { } boundary || YearMonth.From(f.ValidFrom) >= boundary)
            .OrderBy(f => f.ValidFrom)
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
        return new StoredProfile(profile with { Facts = current }, head.ETag.ToString()) { StoredFacts = rows };
    }

    public async Task SaveAsync(CustomerProfile profile, StoredProfile? read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var table = await tables.GetAsync(LifeWindowTables.Profiles, cancellationToken).ConfigureAwait(false);
        var stored = read?.StoredFacts.ToHashSet(StringComparer.Ordinal) ?? [];
        var keep = profile.Facts.ToDictionary(RowKeyOf, StringComparer.Ordinal);
        var added = keep.Where(f => !stored.Contains(f.Key)).Select(f => TableJson.Write(profile.CustomerKey, f.Key, f.Value)).ToList();
        var removed = stored.Where(r => !keep.ContainsKey(r)).ToList();

        // Facts beyond one transaction go first: a fact row without a head that knows it is still a true
        // fact (the retried fold finds it known), so only the head needs the ETag check.
        while (added.Count > MaxBatch - 1)
        {
            var chunk = added.GetRange(0, MaxBatch);
            added.RemoveRange(0, MaxBatch);
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken).ConfigureAwait(false);
        }

        var head = TableJson.Write(profile.CustomerKey, HeadRow, profile with { Facts = [] });
        var actions = new List<TableTransactionAction>
        {
            read is null
                ? new TableTransactionAction(TableTransactionActionType.Add, head)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, head, new ETag(read.Version)),
        };
        actions.AddRange(added.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)));
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new ConcurrencyConflictException($"Profile {profile.CustomerKey} changed since version {read?.Version ?? "(new)"}.", ex);
        }

        foreach (var chunk in removed.Chunk(MaxBatch))
        {
            await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(profile.CustomerKey, r), ETag.All)), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task DeleteAsync(string customerKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Profiles, cancellationToken).ConfigureAwait(false);
        var rows = new List<string>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {customerKey}"), select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(entity.RowKey);
        }

        foreach (var chunk in rows.Chunk(MaxBatch))
        {
            await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(customerKey, r), ETag.All)), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string RowKeyOf(Fact fact) => string.Create(CultureInfo.InvariantCulture, $"{FactPrefix}{fact.ValidFrom:yyyyMMdd}|{fact.Id}");
}

/// <summary>Windows in Table storage: PartitionKey = customer key, RowKey = window id.</summary>
public sealed class TableWindowStore(LifeWindowTables tables) : IWindowStore
{
    public async Task<bool> TryAddAsync(Window window, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Windows, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(ToEntity(window), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<Window?> GetAsync(string customerKey, string windowId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Windows, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(customerKey, windowId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is not null ? TableJson.Read<Window>(response.Value) : null;
    }

    public async Task SetStateAsync(string customerKey, string windowId, WindowState state, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Windows, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var current = await table.GetEntityAsync<TableEntity>(customerKey, windowId, cancellationToken: cancellationToken).ConfigureAwait(false);
            var window = TableJson.Read<Window>(current.Value) with { State = state, StateChangedAt = at };
            try
            {
                await table.UpdateEntityAsync(ToEntity(window), current.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 5)
            {
                // Changed underneath us: read again.
            }
        }
    }

    public async IAsyncEnumerable<Window> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Windows, cancellationToken).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return TableJson.Read<Window>(entity);
        }
    }

    public async IAsyncEnumerable<Window> ListForCustomerAsync(string customerKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Windows, cancellationToken).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {customerKey}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return TableJson.Read<Window>(entity);
        }
    }

    private static TableEntity ToEntity(Window window)
    {
        var entity = TableJson.Write(window.CustomerKey, window.WindowId, window);
        entity["RuleId"] = window.RuleId;
        entity["State"] = window.State.ToString();
        entity["ClosesAt"] = window.ClosesAt;
        return entity;
    }
}

/// <summary>Leads in Table storage: PartitionKey = customer key, RowKey = lead id. Rows from "~" on are the lead outbox's, not leads.</summary>
public sealed class TableLeadStore(LifeWindowTables tables) : ILeadStore
{
    private const string OutboxRows = "~";

    public async Task<Lead> SaveAsync(Lead lead, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(TableJson.Write(lead.CustomerKey, lead.LeadId, lead), cancellationToken).ConfigureAwait(false);
            return lead;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = await GetAsync(lead.CustomerKey, lead.LeadId, cancellationToken).ConfigureAwait(false);
            return existing?.Lead ?? lead;
        }
    }

    public async Task<LeadRecord?> GetAsync(string customerKey, string leadId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(customerKey, leadId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is not null ? ToRecord(response.Value) : null;
    }

    public async Task RecordOutcomeAsync(string customerKey, string leadId, LeadOutcome outcome, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        var patch = new TableEntity(customerKey, leadId)
        {
            ["Outcome"] = outcome.ToString(),
            ["OutcomeAt"] = at,
        };
        await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<LeadRecord> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey lt {OutboxRows}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToRecord(entity);
        }
    }

    public async IAsyncEnumerable<LeadRecord> ListForCustomerAsync(string customerKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        var records = new List<LeadRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {customerKey} and RowKey lt {OutboxRows}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            records.Add(ToRecord(entity));
        }

        foreach (var record in records.OrderBy(r => r.Lead.CreatedAt))
        {
            yield return record;
        }
    }

    private static LeadRecord ToRecord(TableEntity entity) => new(
        TableJson.Read<Lead>(entity),
        entity.GetString("Outcome") is { } outcome ? Enum.Parse<LeadOutcome>(outcome) : null,
        entity.GetDateTimeOffset("OutcomeAt"));
}

/// <summary>
/// Rows keep their document as JSON; key columns beside it stay queryable. A string property holds at most
/// 32K characters, so longer documents (a profile's snapshot) spill into Json1, Json2… (an entity holds 1 MiB).
/// </summary>
internal static class TableJson
{
    private const string Property = "Json";
    private const int ChunkChars = 30_000;

    public static TableEntity Write<T>(string partitionKey, string rowKey, T value)
    {
        var json = JsonSerializer.Serialize(value, LifeWindowJson.Options);
        var entity = new TableEntity(partitionKey, rowKey) { [Property] = json.Length <= ChunkChars ? json : json[..ChunkChars] };
        for (var (i, offset) = (1, ChunkChars); offset < json.Length; i++, offset += ChunkChars)
        {
            entity[string.Create(CultureInfo.InvariantCulture, $"{Property}{i}")] = json.Substring(offset, Math.Min(ChunkChars, json.Length - offset));
        }

        return entity;
    }

    public static T Read<T>(TableEntity entity)
    {
        var json = entity.GetString(Property) ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} has no {Property}.");
        if (entity.ContainsKey(Property + "1"))
        {
            var builder = new System.Text.StringBuilder(json);
            for (var i = 1; entity.GetString(string.Create(CultureInfo.InvariantCulture, $"{Property}{i}")) is { } chunk; i++)
            {
                builder.Append(chunk);
            }

            json = builder.ToString();
        }

        return JsonSerializer.Deserialize<T>(json, LifeWindowJson.Options)
            ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} holds null.");
    }
}
