namespace LifeWindow.Domain.Feeds.Bank;

/// <summary>
/// The result of the customer's suitability questionnaire (风险承受能力评估), canonical record v1. Product
/// suitability compares a product's risk level R1..R5 with the customer's appetite C1..C5.
/// </summary>
public sealed record RiskAssessment : FeedRecord
{
    public const string TypeName = "bank.risk-assessment/v1";

    public required RiskAppetite Appetite { get; init; }

    public required DateTimeOffset AssessedAt { get; init; }

    /// <summary>Assessments lapse (usually after a year); a lapsed one no longer sets the appetite.</summary>
    public required DateOnly ValidUntil { get; init; }
}

/// <summary>C1..C5 as the questionnaire grades them; the number is the highest product risk level the customer may buy.</summary>
public enum RiskAppetite
{
    /// <summary>C1 保守型.</summary>
    Conservative = 1,

    /// <summary>C2 稳健型.</summary>
    Cautious = 2,

    /// <summary>C3 平衡型.</summary>
    Balanced = 3,

    /// <summary>C4 成长型.</summary>
    Growth = 4,

    /// <summary>C5 进取型.</summary>
    Aggressive = 5,
}
