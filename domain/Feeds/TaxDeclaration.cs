namespace LifeWindow.Domain.Feeds;

/// <summary>
/// Tax declaration of a business for one quarter, canonical record v1. The customer is the business
/// owner who authorised the data (the legal representative).
/// </summary>
public sealed record TaxDeclaration : FeedRecord
{
    public const string TypeName = "tax-declaration/v1";

    public required string Uscc { get; init; }

    public required YearQuarter Period { get; init; }

    public required decimal DeclaredRevenue { get; init; }

    public required decimal TaxPaid { get; init; }
}
