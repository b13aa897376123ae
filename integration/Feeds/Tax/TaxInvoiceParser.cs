namespace LifeWindow.Integration.Feeds.Tax;

/// <summary>
/// Fully digitalised e-invoice (全电发票), schema v1 (see samples/tax/invoice.json): schemaVersion,
/// recordId, invoiceNumber, issuedAt, sellerUscc, buyerUscc, amount, tax, kind,
/// originalInvoiceNumber (RedLetter only), legalRepresentativeIdNumber. That a red-letter's original
/// is an invoice we know needs storage, so <see cref="RedLetterInvoiceCheck"/> checks it after parsing.
/// </summary>
public sealed class TaxInvoiceParser : RecordParser
{
    /// <summary>The fully digitalised e-invoice pilot started on 2021-12-01; no such invoice is older.</summary>
    public static readonly DateOnly FirstIssueDate = new(2021, 12, 1);

    public override string Feed => "tax";

    public override string EventType => "tax.invoice";

    protected override string IdentityField => "legalRepresentativeIdNumber";

    protected override FeedRecord? ParseBody(JsonElement data, JsonFields fields, FeedParseContext context, RecordHeader header)
    {
        var invoiceNumber = GovernmentFieldRules.InvoiceNumber(fields, "invoiceNumber");
        var issuedAt = fields.OffsetInstant("issuedAt", FirstIssueDate, context.Today);
        var sellerUscc = fields.Uscc("sellerUscc");
        var buyerUscc = fields.Uscc("buyerUscc");
        var amount = fields.Money("amount");
        var tax = fields.Money("tax");
        var kind = fields.Enum<InvoiceKind>("kind");
        var original = OriginalInvoiceNumber(data, fields, kind, invoiceNumber);

        if (invoiceNumber is not null && issuedAt is not null)
        {
            // The number starts with the issue year's last two digits; the year is the one on the invoice, i.e. in China's time zone.
            var year = BusinessClock.ToBusinessDate(issuedAt.Value).Year;
            var expected = (year % 100).ToString("D2", CultureInfo.InvariantCulture);
            if (!invoiceNumber.StartsWith(expected, StringComparison.Ordinal))
            {
                fields.Error("invoiceNumber", string.Create(CultureInfo.InvariantCulture, $"must start with {expected}, the last two digits of the issue year {year} (issuedAt)"));
            }
        }

        if (invoiceNumber is null || issuedAt is null || sellerUscc is null
            || buyerUscc is null || amount is null || tax is null || kind is null)
        {
            return null;
        }

        return new TaxInvoice
        {
            InvoiceNumber = invoiceNumber,
            IssuedAt = issuedAt.Value,
            SellerUscc = sellerUscc,
            BuyerUscc = buyerUscc,
            Amount = amount.Value,
            Tax = tax.Value,
            Kind = kind.Value,
            OriginalInvoiceNumber = original,
        };
    }

    /// <summary>Required for a red-letter invoice (and not the invoice itself), refused on any other kind.</summary>
    private static string? OriginalInvoiceNumber(JsonElement data, JsonFields fields, InvoiceKind? kind, string? invoiceNumber)
    {
        if (kind == InvoiceKind.RedLetter)
        {
            var original = GovernmentFieldRules.InvoiceNumber(fields, "originalInvoiceNumber");
            if (original is not null && original == invoiceNumber)
            {
                fields.Error("originalInvoiceNumber", "must be another invoice than invoiceNumber");
                return null;
            }

            return original;
        }

        if (kind is not null && GovernmentFieldRules.Has(data, "originalInvoiceNumber"))
        {
            fields.Error("originalInvoiceNumber", $"is only allowed when kind is {nameof(InvoiceKind.RedLetter)}");
        }

        return null;
    }
}
