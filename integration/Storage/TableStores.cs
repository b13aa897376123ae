using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using LifeWindow.Domain.Leads;
using LifeWindow.Domain.Profiles;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Serialization;

namespace LifeWindow.Integration.Storage;

/// <summary>Profiles in Table storage: PartitionKey = customer key, one "profile" row, ETag concurrency.</summary>
public sealed class TableProfileStore(LifeWindowTables tables) : IProfileStore
{
    private const string RowKey = "profile";

    public async Task<StoredProfile?> GetAsync(string customerKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Profiles, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(customerKey, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue || response.Value is null)
        {
            return null;
        }

        var profile = TableJson.Read<CustomerProfile>(response.Value);
        return new StoredProfile(profile, response.Value.ETag.ToString());
    }

    public async Task SaveAsync(CustomerProfile profile, string? version, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Profiles, cancellationToken).ConfigureAwait(false);
        var entity = TableJson.Write(profile.CustomerKey, RowKey, profile);
        try
        {
            if (version is null)
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.UpdateEntityAsync(entity, new ETag(version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new ConcurrencyConflictException($"Profile {profile.CustomerKey} changed since version {version ?? "(new)"}.", ex);
        }
    }

    public async Task DeleteAsync(string customerKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Profiles, cancellationToken).ConfigureAwait(false);
        await table.DeleteEntityAsync(customerKey, RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
    }
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

/// <summary>Leads in Table storage: PartitionKey = customer key, RowKey = lead id.</summary>
public sealed class TableLeadStore(LifeWindowTables tables) : ILeadStore
{
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
        await foreach (var entity in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToRecord(entity);
        }
    }

    private static LeadRecord ToRecord(TableEntity entity) => new(
        TableJson.Read<Lead>(entity),
        entity.GetString("Outcome") is { } outcome ? Enum.Parse<LeadOutcome>(outcome) : null,
        entity.GetDateTimeOffset("OutcomeAt"));
}

/// <summary>Rows keep their document as JSON in one property; key columns beside it stay queryable.</summary>
internal static class TableJson
{
    private const string Property = "Json";

    public static TableEntity Write<T>(string partitionKey, string rowKey, T value) =>
        new(partitionKey, rowKey) { [Property] = JsonSerializer.Serialize(value, LifeWindowJson.Options) };

    public static T Read<T>(TableEntity entity) =>
        JsonSerializer.Deserialize<T>(entity.GetString(Property) ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} has no {Property}."), LifeWindowJson.Options)
        ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} holds null.");
}
