namespace LifeWindow.Domain.Offers;

/// <summary>An offer in the catalog, with the Liquid template of its talking script.</summary>
public sealed record OfferDefinition
{
    public required string Id { get; init; }

    /// <summary>Name as the relationship manager says it (Chinese).</summary>
    public required string Name { get; init; }

    public required OfferKind Kind { get; init; }

    /// <summary>Product risk level R1..R5 (1 = lowest).</summary>
    public required int RiskLevel { get; init; }

    public required string ScriptTemplate { get; init; }

    /// <summary>Age bands the product is offered to (credit age limits, reverse mortgage 65+); null: every band.</summary>
    public IReadOnlyList<string>? AgeBands { get; init; }

    /// <summary>Expected value to the bank of a taken offer, CNY (arbitration ranks by it after priority).</summary>
    public decimal ExpectedValue { get; init; }

    /// <summary>
    /// Credit offers: the amount the offer workflow requests from the credit decision, CNY (catalog field
    /// <c>amount</c>). HomeEquityLoan computes its own from the customer's property (see PlanOfferActivity)
    /// and uses this only when the tags are missing. Null: no credit decision amount (wealth and service offers).
    /// </summary>
    public decimal? Amount { get; init; }
}

public enum OfferKind
{
    Credit,
    Wealth,
    Service,
}
