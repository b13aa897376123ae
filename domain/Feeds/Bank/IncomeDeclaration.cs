namespace LifeWindow.Domain.Feeds.Bank;

/// <summary>
/// The customer's own statement of their monthly income (收入声明), canonical record v1: given on a credit application
/// in the bank's app, at a branch, or to the relationship manager, who captures it. Income verification checks this
/// figure against the provident fund, payroll and tax data; it is the only income the customer vouches for.
/// </summary>
public sealed record IncomeDeclaration : FeedRecord
{
    public const string TypeName = "bank.income-declaration/v1";

    /// <summary>Monthly income before tax, CNY, as the customer stated it.</summary>
    public required decimal MonthlyIncome { get; init; }

    public required DeclarationChannel Channel { get; init; }

    public required DateTimeOffset DeclaredAt { get; init; }
}

/// <summary>Where the customer stated their income.</summary>
public enum DeclarationChannel
{
    /// <summary>A credit application in the bank's app.</summary>
    App,

    /// <summary>At a branch counter.</summary>
    Branch,

    /// <summary>Told to the relationship manager, who captured it (a call or a visit).</summary>
    RelationshipManager,
}
