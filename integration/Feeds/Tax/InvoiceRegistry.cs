namespace LifeWindow.Integration.Feeds.Tax;

/// <summary>
/// The Normal invoice numbers we have accepted, so a red-letter invoice can be checked against the
/// invoice it reverses. Numbers only: they identify an invoice, not a person.
/// </summary>
public interface IInvoiceRegistry
{
    /// <summary>Remembers an accepted Normal invoice; doing it again for the same number is harmless.</summary>
    Task AddAsync(string invoiceNumber, DateTimeOffset issuedAt, CancellationToken cancellationToken);

    Task<bool> ContainsAsync(string invoiceNumber, CancellationToken cancellationToken);
}

public sealed class InMemoryInvoiceRegistry : IInvoiceRegistry
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> invoices = new(StringComparer.Ordinal);

    public Task AddAsync(string invoiceNumber, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        invoices.TryAdd(invoiceNumber, issuedAt);
        return Task.CompletedTask;
    }

    public Task<bool> ContainsAsync(string invoiceNumber, CancellationToken cancellationToken) =>
        Task.FromResult(invoices.ContainsKey(invoiceNumber));
}

/// <summary>
/// Table layout: PartitionKey = invoice number, RowKey = "invoice". Invoice numbers are unique
/// nationwide and only ever looked up one by one, so one partition each spreads the load best.
/// </summary>
public sealed class TableInvoiceRegistry(LifeWindowTables tables) : IInvoiceRegistry
{
    private const string RowKey = "invoice";

    public async Task AddAsync(string invoiceNumber, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.InvoiceRegistry, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(invoiceNumber, RowKey) { ["IssuedAt"] = issuedAt }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> ContainsAsync(string invoiceNumber, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.InvoiceRegistry, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(invoiceNumber, RowKey, ["PartitionKey"], cancellationToken).ConfigureAwait(false);
        return row.HasValue;
    }
}
