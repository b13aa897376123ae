using LifeWindow.Integration.Storage;
using LifeWindow.Integration.Exposure;

namespace LifeWindow.Integration.Credit;

/// <summary>A customer's revolving lines as the limit review manages them, with the version their optimistic concurrency reads.</summary>
public sealed record CustomerCreditLines(string CustomerKey, IReadOnlyList<CreditLine> Lines, DateTimeOffset UpdatedAt)
{
    public string? Version { get; init; }

    public CreditLine? Line(string accountId) => Lines.FirstOrDefault(l => string.Equals(l.AccountId, accountId, StringComparison.Ordinal));

    /// <summary>These lines with <paramref name="line"/> in place of the one of its account (or added).</summary>
    public CustomerCreditLines With(CreditLine line, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(line);
        return this with
        {
            Lines = Line(line.AccountId) is null ? [.. Lines, line] : [.. Lines.Select(l => l.AccountId == line.AccountId ? line : l)],
            UpdatedAt = at,
        };
    }
}

/// <summary>
/// The store of revolving lines' limits (docs/risk-side.md): per customer one document of their lines — the bank's limit
/// and drawn balance as its ledger last reported them, and the limit in force under a review. Written read-modify-write
/// with optimistic concurrency, so two reviews of one customer racing cannot both freeze from the same limit.
/// Kept after an erasure with the exposure ledger (the bank's credit records).
/// </summary>
public interface IRevolvingLineStore
{
    /// <summary>The customer's lines; none when the store has never seen any.</summary>
    Task<CustomerCreditLines> GetAsync(string customerKey, CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the current lines and saves them, re-reading and re-applying on a conflict.</summary>
    Task<CustomerCreditLines> UpdateAsync(string customerKey, Func<CustomerCreditLines, CustomerCreditLines> change, CancellationToken cancellationToken);
}

/// <summary>The read-modify-write loop over a store's read and conditional write.</summary>
public abstract class RevolvingLineStore : IRevolvingLineStore
{
    private const int MaxAttempts = 20;

    public async Task<CustomerCreditLines> GetAsync(string customerKey, CancellationToken cancellationToken) =>
        await ReadAsync(customerKey, cancellationToken).ConfigureAwait(false) ?? new CustomerCreditLines(customerKey, [], DateTimeOffset.MinValue);

    public async Task<CustomerCreditLines> UpdateAsync(string customerKey, Func<CustomerCreditLines, CustomerCreditLines> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadAsync(customerKey, cancellationToken).ConfigureAwait(false);
            var changed = change(current ?? new CustomerCreditLines(customerKey, [], DateTimeOffset.MinValue));
            if (current is not null && changed.Lines.SequenceEqual(current.Lines))
            {
                return current;
            }

            if (await TryWriteAsync(changed, current?.Version, cancellationToken).ConfigureAwait(false))
            {
                return (await ReadAsync(customerKey, cancellationToken).ConfigureAwait(false))!;
            }

            if (attempt >= MaxAttempts)
            {
                throw new ConcurrencyConflictException($"The revolving lines of a customer kept changing underneath {MaxAttempts} updates.");
            }
        }
    }

    protected abstract Task<CustomerCreditLines?> ReadAsync(string customerKey, CancellationToken cancellationToken);

    /// <summary>Adds (version null) or replaces the document if its version is still <paramref name="version"/>; false on a conflict.</summary>
    protected abstract Task<bool> TryWriteAsync(CustomerCreditLines lines, string? version, CancellationToken cancellationToken);
}

/// <summary>Lines in process memory with the Table store's version semantics (a counter as the ETag).</summary>
public sealed class InMemoryRevolvingLineStore : RevolvingLineStore
{
    private readonly InMemoryVersionedDocuments<CustomerCreditLines> documents = new(l => l.CustomerKey, l => l.Version, (l, version) => l with { Version = version });

    protected override Task<CustomerCreditLines?> ReadAsync(string customerKey, CancellationToken cancellationToken) =>
        Task.FromResult(documents.Read(customerKey));

    protected override Task<bool> TryWriteAsync(CustomerCreditLines lines, string? version, CancellationToken cancellationToken) =>
        Task.FromResult(documents.TryWrite(lines, version));
}

/// <summary>Lines in Table storage, beside the customer's exposure: table Exposure, PartitionKey = customer key, row "revolving-lines".</summary>
public sealed class TableRevolvingLineStore(LifeWindowTables tables) : RevolvingLineStore
{
    private const string Row = "revolving-lines";

    protected override async Task<CustomerCreditLines?> ReadAsync(string customerKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Exposure, cancellationToken).ConfigureAwait(false);
        return await TableJson.ReadVersionedAsync<CustomerCreditLines>(table, customerKey, Row, (lines, version) => lines with { Version = version }, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<bool> TryWriteAsync(CustomerCreditLines lines, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var table = await tables.GetAsync(LifeWindowTables.Exposure, cancellationToken).ConfigureAwait(false);
        return await TableJson.TryWriteVersionedAsync(table, TableJson.Write(lines.CustomerKey, Row, lines with { Version = null }), version, cancellationToken).ConfigureAwait(false);
    }
}
