namespace LifeWindow.Domain.Windows;

/// <summary>
/// The versioned rule catalog: tag settings, offers and window rules as data (conditions over tags,
/// thresholds, reasons). Code reads numbers from here; changing a threshold or a rule is a catalog
/// change, not a code change. See docs/rule-catalog.md.
/// </summary>
public sealed record RuleCatalog
{
    public required string Version { get; init; }

    /// <summary>How many month ends the detector looks back to find the start (anchor) of a rule's run.</summary>
    public required int AnchorLookbackMonths { get; init; }

    /// <summary>A risk signal that is no rule of its own (e.g. current arrears): while it holds, Marketing rules open nothing and open Marketing windows are suppressed.</summary>
    public required Condition SuppressMarketingWhen { get; init; }

    public required TagSettings Tags { get; init; }

    public required IReadOnlyList<OfferDefinition> Offers { get; init; }

    public required IReadOnlyList<RuleDefinition> Rules { get; init; }

    public OfferDefinition Offer(string id) =>
        Offers.FirstOrDefault(o => o.Id == id) ?? throw new KeyNotFoundException($"Offer '{id}' is not in catalog {Version}.");

    public RuleDefinition Rule(string id) =>
        Rules.FirstOrDefault(r => r.Id == id) ?? throw new KeyNotFoundException($"Rule '{id}' is not in catalog {Version}.");
}

public enum RuleCategory
{
    /// <summary>Sells a product; suppressed while a risk signal holds.</summary>
    Marketing,

    /// <summary>Advice or care for the customer; opens even under a risk signal.</summary>
    Service,

    /// <summary>A risk signal: opens, and suppresses Marketing while it holds.</summary>
    Risk,
}

public sealed record RuleDefinition
{
    public required string Id { get; init; }

    public required RuleCategory Category { get; init; }

    /// <summary>Higher number = higher priority: a new window supersedes an open one of lower priority sharing an offer.</summary>
    public required int Priority { get; init; }

    public required int WindowDays { get; init; }

    /// <summary>Days after the rule's latest window left Open before the rule may open another.</summary>
    public required int CoolOffDays { get; init; }

    /// <summary>Named numbers the condition references as "$name".</summary>
    public required IReadOnlyDictionary<string, decimal> Thresholds { get; init; }

    public required Condition When { get; init; }

    public required IReadOnlyList<string> Offers { get; init; }

    /// <summary>Liquid template of the reason for the relationship manager (Chinese), rendered with the tag values.</summary>
    public required string Reason { get; init; }

    /// <summary>
    /// Risk rules only: the window starts a limit review of the customer's revolving line (docs/risk-side.md) instead of
    /// the offer workflow, at this severity (the limit review policy maps it to freeze or cut). Null: an ordinary offer.
    /// </summary>
    public LimitReviewSeverity? LimitReview { get; init; }

    public decimal Threshold(string name) =>
        Thresholds.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"Rule '{Id}' has no threshold '{name}'.");
}

/// <summary>How serious a risk signal is for the revolving line; the limit review policy decides what each means (freeze or cut).</summary>
public enum LimitReviewSeverity
{
    /// <summary>A weakening (income down, debt up): by default the limit is cut.</summary>
    Moderate,

    /// <summary>A default or suspicious money (arrears, pass-through flows): by default the line is frozen.</summary>
    Severe,
}

public sealed class InvalidCatalogException : Exception
{
    public InvalidCatalogException(string message)
        : base(message)
    {
    }

    public InvalidCatalogException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public InvalidCatalogException()
    {
    }
}
