namespace LifeWindow.Domain.Feeds;

/// <summary>
/// Fully digitalised e-invoice (全电发票), canonical record v1. The customer is the business owner who
/// authorised the data (the legal representative); amounts are magnitudes, so a red-letter invoice's
/// <see cref="Amount"/> is the amount it reverses.
/// </summary>
public sealed record TaxInvoice : FeedRecord
{
    public const string TypeName = "tax-invoice/v1";

    /// <summary>20 digits; the first two are the issue year's last two.</summary>
    public required string InvoiceNumber { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required string SellerUscc { get; init; }

    public required string BuyerUscc { get; init; }

    /// <summary>Amount excluding tax, CNY.</summary>
    public required decimal Amount { get; init; }

    public required decimal Tax { get; init; }

    public required InvoiceKind Kind { get; init; }

    /// <summary>The invoice a red-letter reverses; only for <see cref="InvoiceKind.RedLetter"/>.</summary>
    public string? OriginalInvoiceNumber { get; init; }
}

public enum InvoiceKind
{
    Normal,

    /// <summary>红字发票: reverses (part of) an earlier Normal invoice.</summary>
    RedLetter,

    /// <summary>作废: the invoice is void.</summary>
    Void,
}
