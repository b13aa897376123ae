namespace LifeWindow.Integration.Contact;

/// <summary>A customer who must not be contacted for marketing: since when, by whose decision, and why.</summary>
public sealed record DoNotDisturbEntry(string CustomerKey, string Reason, string AddedBy, DateTimeOffset AddedAt);

/// <summary>
/// The managed do-not-disturb list operators keep through the operator API (<c>/api/customers/{key}/do-not-disturb</c>).
/// The offer workflow reads it when it plans a contact; an entry refuses every contact of that customer's windows.
/// </summary>
public interface IDoNotDisturbList
{
    Task<DoNotDisturbEntry?> GetAsync(string customerKey, CancellationToken cancellationToken);

    /// <summary>Puts the customer on the list, or replaces their entry (new reason, operator and time).</summary>
    Task PutAsync(DoNotDisturbEntry entry, CancellationToken cancellationToken);

    /// <summary>Takes the customer off the list; false when they were not on it.</summary>
    Task<bool> RemoveAsync(string customerKey, CancellationToken cancellationToken);

    IAsyncEnumerable<DoNotDisturbEntry> ListAsync(CancellationToken cancellationToken);
}

public sealed class InMemoryDoNotDisturbList : IDoNotDisturbList
{
    private readonly ConcurrentDictionary<string, DoNotDisturbEntry> entries = new(StringComparer.Ordinal);

    public Task<DoNotDisturbEntry?> GetAsync(string customerKey, CancellationToken cancellationToken) =>
        Task.FromResult(entries.GetValueOrDefault(customerKey));

    public Task PutAsync(DoNotDisturbEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entries[entry.CustomerKey] = entry;
        return Task.CompletedTask;
    }

    public Task<bool> RemoveAsync(string customerKey, CancellationToken cancellationToken) => Task.FromResult(entries.TryRemove(customerKey, out _));

    public async IAsyncEnumerable<DoNotDisturbEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var entry in entries.Values.OrderBy(e => e.AddedAt))
        {
            yield return entry;
        }
    }
}

/// <summary>In the Contacts table beside the customer's contact ledger: partition = customer key, row "do-not-disturb".</summary>
public sealed class TableDoNotDisturbList(LifeWindowTables tables) : IDoNotDisturbList
{
    private const string Row = "do-not-disturb";

    public async Task<DoNotDisturbEntry?> GetAsync(string customerKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Contacts, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(customerKey, Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value is not null ? FromEntity(row.Value) : null;
    }

    public async Task PutAsync(DoNotDisturbEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var table = await tables.GetAsync(LifeWindowTables.Contacts, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(
            new TableEntity(entry.CustomerKey, Row) { ["Reason"] = entry.Reason, ["AddedBy"] = entry.AddedBy, ["AddedAt"] = entry.AddedAt },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RemoveAsync(string customerKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Contacts, cancellationToken).ConfigureAwait(false);
        // Azure.Data.Tables answers a delete of a missing entity with its 404 response rather than an exception.
        using var response = await table.DeleteEntityAsync(customerKey, Row, ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status != 404;
    }

    public async IAsyncEnumerable<DoNotDisturbEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Contacts, cancellationToken).ConfigureAwait(false);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {Row}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return FromEntity(row);
        }
    }

    private static DoNotDisturbEntry FromEntity(TableEntity row) =>
        new(row.PartitionKey, row.GetString("Reason") ?? string.Empty, row.GetString("AddedBy") ?? string.Empty, row.GetDateTimeOffset("AddedAt") ?? default);
}
