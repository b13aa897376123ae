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
}

public enum OfferKind
{
    Credit,
    Wealth,
    Service,
}
