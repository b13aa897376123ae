namespace LifeWindow.Domain.Feeds.Bank;

/// <summary>
/// One of the customer's consumer or business loans at the bank (消费贷、经营贷), as the loan system reports it on a
/// day, canonical record v1: what is owed, the monthly payment and how late it is. The report of the latest day stands.
/// Together with the mortgages these are the customer's debts: DTI counts their payments, the credit decision's
/// unsecured exposure their balances, the days-past-due tags their arrears.
/// </summary>
public sealed record LoanAccount : FeedRecord
{
    public const string TypeName = "bank.loan-account/v1";

    public required string AccountId { get; init; }

    public required LoanKind Kind { get; init; }

    /// <summary>Amount lent (or the line's limit), CNY.</summary>
    public required decimal Principal { get; init; }

    /// <summary>Outstanding balance, CNY; never more than <see cref="Principal"/>.</summary>
    public required decimal Balance { get; init; }

    /// <summary>The payment due each month, CNY (0 for a line with nothing drawn).</summary>
    public required decimal MonthlyPayment { get; init; }

    /// <summary>Days the oldest unpaid payment is late on <see cref="AsOf"/> (0 when current).</summary>
    public required int DaysPastDue { get; init; }

    public required LoanStatus Status { get; init; }

    /// <summary>The day the report describes.</summary>
    public required DateOnly AsOf { get; init; }
}

public enum LoanKind
{
    /// <summary>A personal consumer loan or revolving line (消费贷).</summary>
    Consumer,

    /// <summary>A loan to the customer's business (经营贷).</summary>
    Business,

    /// <summary>
    /// The revolving 备用金 line (seed 001): principal = the line's limit, balance = what is drawn. Counted as consumer debt;
    /// the limit review freezes or cuts it (docs/risk-side.md).
    /// </summary>
    Revolving,
}

public enum LoanStatus
{
    Active,
    PaidOff,
    Closed,
}
