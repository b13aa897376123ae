namespace LifeWindow.Integration.Feeds.Tax;

/// <summary>
/// A red-letter invoice must reverse a Normal invoice we have accepted; otherwise income net of
/// red-letters could be pushed down by reversals of invoices we never saw. Accepted Normal invoices
/// are remembered in the <see cref="IInvoiceRegistry"/>. A red-letter that arrives before its original
/// is rejected and kept as a dead letter, and can be resubmitted once the original is in. The original may
/// come earlier in the same delivery (judged, not yet published).
/// </summary>
public sealed class RedLetterInvoiceCheck(IInvoiceRegistry registry) : IFeedRecordCheck
{
    public async Task<FeedRecord> CheckAsync(FeedRecord record, FeedCheckContext context, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (record is TaxInvoice { Kind: InvoiceKind.RedLetter, OriginalInvoiceNumber: { } original }
            && !context.AcceptedBefore.Any(r => r is TaxInvoice { Kind: InvoiceKind.Normal } earlier && earlier.InvoiceNumber == original)
            && !await registry.ContainsAsync(original, cancellationToken).ConfigureAwait(false))
        {
            errors.Add($"{context.Path}.originalInvoiceNumber", "does not reference an accepted Normal invoice: a red-letter invoice must reverse an invoice sent to us before");
        }

        return record;
    }

    public async Task AcceptedAsync(FeedRecord record, CancellationToken cancellationToken)
    {
        if (record is TaxInvoice { Kind: InvoiceKind.Normal } invoice)
        {
            await registry.AddAsync(invoice.InvoiceNumber, invoice.IssuedAt, cancellationToken).ConfigureAwait(false);
        }
    }
}
