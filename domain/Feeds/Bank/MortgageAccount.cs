namespace LifeWindow.Domain.Feeds.Bank;

/// <summary>
/// The bank's own mortgage account (按揭账户) as the core banking system reports it, canonical record v1.
/// A later report of the same account supersedes an earlier one.
/// </summary>
public sealed record MortgageAccount : FeedRecord
{
    public const string TypeName = "bank.mortgage-account/v1";

    public required string AccountId { get; init; }

    /// <summary>The property the mortgage is secured on, as the bank identifies it.</summary>
    public required string PropertyId { get; init; }

    /// <summary>The borrower's mobile masked as 138****1234; the full number is not kept.</summary>
    public string? MaskedPhone { get; init; }

    /// <summary>Amount lent, CNY.</summary>
    public required decimal Principal { get; init; }

    /// <summary>Outstanding principal, CNY; never more than <see cref="Principal"/>.</summary>
    public required decimal Balance { get; init; }

    /// <summary>Nominal annual rate as a fraction (0.0385 = 3.85%).</summary>
    public required decimal AnnualRate { get; init; }

    public required int TermMonths { get; init; }

    public required DateOnly StartDate { get; init; }

    public required MortgageStatus Status { get; init; }
}

public enum MortgageStatus
{
    Active,

    /// <summary>Repaid in full (balance 0); the lien can be released (解押).</summary>
    PaidOff,

    /// <summary>Ended otherwise (transferred out, refinanced elsewhere, written off).</summary>
    Closed,
}
