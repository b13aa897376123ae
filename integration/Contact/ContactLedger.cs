using LifeWindow.Domain.Contact;
using LifeWindow.Domain.Offers;

namespace LifeWindow.Integration.Contact;

/// <summary>A contact the bank decided on for a window: made (or scheduled) or refused, and later whether the customer declined.</summary>
public sealed record ContactEntry(string WindowId, string OfferId, OfferKind Kind, bool Marketing, DateTimeOffset At, ContactDecision Decision, bool Declined = false)
{
    public bool Counts => Decision.Verdict != ContactVerdict.Refused;

    public ContactRecord AsRecord() => new(At, OfferId, Kind, Marketing, Declined);

    /// <summary>The contacts made or scheduled among <paramref name="entries"/>, as the contact rules count them.</summary>
    public static IReadOnlyList<ContactRecord> Counted(IReadOnlyList<ContactEntry> entries) =>
        [.. entries.Where(e => e.Counts).Select(e => e.AsRecord())];
}

/// <summary>
/// Each customer's contact history, and the one place contact decisions are taken: the decision and the
/// reservation of its slot happen together under optimistic concurrency, so two offer workflows for one
/// customer cannot both take the last slot of a cap. Idempotent per window: asking again returns the
/// decision already taken.
/// </summary>
public interface IContactLedger
{
    /// <summary>
    /// Takes the window's contact decision once: <paramref name="decide"/> sees every entry of the customer's ledger (refused
    /// ones too, so a caller can tell which other windows are already decided), and its answer is recorded with the request.
    /// </summary>
    Task<ContactDecision> DecideAsync(
        string customerKey,
        ContactEntry request,
        Func<IReadOnlyList<ContactEntry>, ContactDecision> decide,
        CancellationToken cancellationToken);

    Task RecordDeclineAsync(string customerKey, string windowId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ContactEntry>> ReadAsync(string customerKey, CancellationToken cancellationToken);
}

internal static class ContactHistory
{
    /// <summary>Entries older than this no longer count for any rule and are dropped (the ledger stays small).</summary>
    public static IReadOnlyList<ContactEntry> Prune(IEnumerable<ContactEntry> entries, DateTimeOffset now) =>
        [.. entries.Where(e => e.At > now.AddDays(-400))];

    public static (ContactDecision Decision, IReadOnlyList<ContactEntry>? Updated) Decide(
        IReadOnlyList<ContactEntry> entries, ContactEntry request, Func<IReadOnlyList<ContactEntry>, ContactDecision> decide)
    {
        if (entries.FirstOrDefault(e => e.WindowId == request.WindowId) is { } taken)
        {
            return (taken.Decision, null);
        }

        var decision = decide(entries);
        var entry = request with { Decision = decision, At = decision.NotBefore ?? request.At };
        return (decision, Prune(entries.Append(entry), request.At));
    }
}

public sealed class InMemoryContactLedger : IContactLedger, ICustomerDataEraser
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<ContactEntry>> ledgers = new(StringComparer.Ordinal);

    public string ErasedItems => "contact-ledger entries";

    public Task<int> EraseCustomerAsync(string customerKey, CancellationToken cancellationToken) =>
        Task.FromResult(ledgers.TryRemove(customerKey, out var entries) ? entries.Count : 0);

    public Task<ContactDecision> DecideAsync(string customerKey, ContactEntry request, Func<IReadOnlyList<ContactEntry>, ContactDecision> decide, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = ledgers.GetOrAdd(customerKey, []);
            var (decision, updated) = ContactHistory.Decide(current, request, decide);
            if (updated is null || ledgers.TryUpdate(customerKey, updated, current))
            {
                return Task.FromResult(decision);
            }
        }
    }

    public Task RecordDeclineAsync(string customerKey, string windowId, CancellationToken cancellationToken)
    {
        ledgers.AddOrUpdate(customerKey, [], (_, entries) => [.. entries.Select(e => e.WindowId == windowId ? e with { Declined = true } : e)]);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ContactEntry>> ReadAsync(string customerKey, CancellationToken cancellationToken) =>
        Task.FromResult(ledgers.TryGetValue(customerKey, out var entries) ? entries : (IReadOnlyList<ContactEntry>)[]);
}

/// <summary>Table <c>Contacts</c>: PartitionKey = customer key, one row "ledger" with the entries; ETag concurrency.</summary>
public sealed class TableContactLedger(LifeWindowTables tables) : IContactLedger, ICustomerDataEraser
{
    public string ErasedItems => "contact rows (ledger, do-not-disturb)";

    /// <summary>The customer's whole partition of the Contacts table: the ledger row and the do-not-disturb row.</summary>
    public async Task<int> EraseCustomerAsync(string customerKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Contacts, cancellationToken).ConfigureAwait(false);
        return await TableRows.DeleteAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {customerKey}"), cancellationToken).ConfigureAwait(false);
    }

    private const string Row = "ledger";
    private const int MaxAttempts = 16;

    public async Task<ContactDecision> DecideAsync(string customerKey, ContactEntry request, Func<IReadOnlyList<ContactEntry>, ContactDecision> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var table = await tables.GetAsync(LifeWindowTables.Contacts, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var (entries, etag) = await ReadRowAsync(table, customerKey, cancellationToken).ConfigureAwait(false);
            var (decision, updated) = ContactHistory.Decide(entries, request, decide);
            if (updated is null)
            {
                return decision;
            }

            try
            {
                await WriteAsync(table, customerKey, updated, etag, cancellationToken).ConfigureAwait(false);
                return decision;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another workflow took a decision for this customer meanwhile: decide again on what it wrote.
            }
        }
    }

    public async Task RecordDeclineAsync(string customerKey, string windowId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Contacts, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var (entries, etag) = await ReadRowAsync(table, customerKey, cancellationToken).ConfigureAwait(false);
            try
            {
                await WriteAsync(table, customerKey, [.. entries.Select(e => e.WindowId == windowId ? e with { Declined = true } : e)], etag, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
            }
        }
    }

    public async Task<IReadOnlyList<ContactEntry>> ReadAsync(string customerKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Contacts, cancellationToken).ConfigureAwait(false);
        return (await ReadRowAsync(table, customerKey, cancellationToken).ConfigureAwait(false)).Entries;
    }

    private static async Task<(IReadOnlyList<ContactEntry> Entries, ETag? ETag)> ReadRowAsync(TableClient table, string customerKey, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(customerKey, Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value is not null
            ? (TableJson.Read<List<ContactEntry>>(row.Value), row.Value.ETag)
            : ([], null);
    }

    private static async Task WriteAsync(TableClient table, string customerKey, IReadOnlyList<ContactEntry> entries, ETag? etag, CancellationToken cancellationToken)
    {
        var entity = TableJson.Write(customerKey, Row, entries);
        if (etag is { } version)
        {
            await table.UpdateEntityAsync(entity, version, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
    }
}
