namespace LifeWindow.Integration.Claims;

/// <summary>
/// A lead in the relationship managers' inbox: whose it is (the RM of the claimed group it was routed by, or none until a
/// branch manager assigns it), the customer's AUM when it came (the group's figures), and when the RM reported contact.
/// The lead itself (script, reasons, evidence, credit, outcome) stays in <see cref="ILeadStore"/>.
/// </summary>
public sealed record InboxEntry(string LeadId, string CustomerKey, string? RmId, string? GroupId, decimal? Aum, DateTimeOffset AssignedAt)
{
    /// <summary>The branch manager who assigned it by hand; null when a group claim routed it.</summary>
    public string? AssignedBy { get; init; }

    public DateTimeOffset? ContactedAt { get; init; }
}

public interface ILeadInbox
{
    /// <summary>Adds the entry; again for the same lead, keeps and returns the first (a redelivered activity routes once).</summary>
    Task<InboxEntry> AddAsync(InboxEntry entry, CancellationToken cancellationToken);

    Task<InboxEntry?> GetAsync(string leadId, CancellationToken cancellationToken);

    Task ReplaceAsync(InboxEntry entry, CancellationToken cancellationToken);

    IAsyncEnumerable<InboxEntry> ListAsync(CancellationToken cancellationToken);
}

public sealed class InMemoryLeadInbox : ILeadInbox, ICustomerDataEraser
{
    private readonly ConcurrentDictionary<string, InboxEntry> entries = new(StringComparer.Ordinal);

    public string ErasedItems => "inbox entries";

    public Task<InboxEntry> AddAsync(InboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Task.FromResult(entries.GetOrAdd(entry.LeadId, entry));
    }

    public Task<InboxEntry?> GetAsync(string leadId, CancellationToken cancellationToken) => Task.FromResult(entries.GetValueOrDefault(leadId));

    public Task ReplaceAsync(InboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        entries[entry.LeadId] = entry;
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<InboxEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var entry in entries.Values.OrderBy(e => e.AssignedAt))
        {
            yield return entry;
        }
    }

    public Task<int> EraseCustomerAsync(string customerKey, CancellationToken cancellationToken) =>
        Task.FromResult(entries.Values.Where(e => e.CustomerKey == customerKey).Count(e => entries.TryRemove(e.LeadId, out _)));
}

/// <summary>Table LeadInbox: partition "inbox", row = lead id (the inbox is read whole and filtered, at a branch's thousands of leads).</summary>
public sealed class TableLeadInbox(LifeWindowTables tables) : ILeadInbox, ICustomerDataEraser
{
    private const string Partition = "inbox";

    public string ErasedItems => "inbox entries";

    public async Task<InboxEntry> AddAsync(InboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var table = await tables.GetAsync(LifeWindowTables.LeadInbox, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(ToEntity(entry), cancellationToken).ConfigureAwait(false);
            return entry;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await GetAsync(entry.LeadId, cancellationToken).ConfigureAwait(false) ?? entry;
        }
    }

    public async Task<InboxEntry?> GetAsync(string leadId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.LeadInbox, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, leadId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value is not null ? FromEntity(row.Value) : null;
    }

    public async Task ReplaceAsync(InboxEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var table = await tables.GetAsync(LifeWindowTables.LeadInbox, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(ToEntity(entry), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<InboxEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.LeadInbox, cancellationToken).ConfigureAwait(false);
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return FromEntity(row);
        }
    }

    public async Task<int> EraseCustomerAsync(string customerKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.LeadInbox, cancellationToken).ConfigureAwait(false);
        var erased = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and CustomerKey eq {customerKey}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            using var response = await table.DeleteEntityAsync(Partition, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            erased++;
        }

        return erased;
    }

    private static TableEntity ToEntity(InboxEntry e) => new(Partition, e.LeadId)
    {
        ["CustomerKey"] = e.CustomerKey, ["RmId"] = e.RmId, ["GroupId"] = e.GroupId, ["Aum"] = e.Aum?.ToString(CultureInfo.InvariantCulture),
        ["AssignedAt"] = e.AssignedAt, ["AssignedBy"] = e.AssignedBy, ["ContactedAt"] = e.ContactedAt,
    };

    private static InboxEntry FromEntity(TableEntity row) =>
        new(row.RowKey, row.GetString("CustomerKey") ?? string.Empty, row.GetString("RmId"), row.GetString("GroupId"),
            decimal.TryParse(row.GetString("Aum"), NumberStyles.Number, CultureInfo.InvariantCulture, out var aum) ? aum : null, row.GetDateTimeOffset("AssignedAt") ?? default)
        {
            AssignedBy = row.GetString("AssignedBy"),
            ContactedAt = row.GetDateTimeOffset("ContactedAt"),
        };
}
