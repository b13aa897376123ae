namespace LifeWindow.Domain.Feeds.Bank;

/// <summary>One mortgage instalment (月供): what fell due, what was paid and when, canonical record v1.</summary>
public sealed record MortgageRepayment : FeedRecord
{
    public const string TypeName = "bank.mortgage-repayment/v1";

    public required string AccountId { get; init; }

    public required DateOnly DueDate { get; init; }

    /// <summary>When the instalment was (last) paid; null while nothing has been paid.</summary>
    public DateOnly? PaidDate { get; init; }

    public required decimal AmountDue { get; init; }

    public required decimal AmountPaid { get; init; }

    /// <summary>Days the instalment is or was overdue (0 = on time), as the core system counts them.</summary>
    public required int DaysPastDue { get; init; }
}
