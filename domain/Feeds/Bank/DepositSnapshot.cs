namespace LifeWindow.Domain.Feeds.Bank;

/// <summary>A customer's assets under management with the bank on one day, by product class, canonical record v1.</summary>
public sealed record DepositSnapshot : FeedRecord
{
    public const string TypeName = "bank.deposit-snapshot/v1";

    public required DateOnly AsOf { get; init; }

    /// <summary>活期 demand deposits, CNY.</summary>
    public required decimal Demand { get; init; }

    /// <summary>定期 term deposits (including large CDs), CNY.</summary>
    public required decimal Term { get; init; }

    /// <summary>理财 wealth-management products, CNY.</summary>
    public required decimal WealthProducts { get; init; }

    public required decimal Funds { get; init; }

    public required decimal Bonds { get; init; }

    /// <summary>Cash value of insurance sold through the bank, CNY.</summary>
    public required decimal Insurance { get; init; }

    /// <summary>
    /// Assets under management (AUM): the sum of every class. Derived, so it can never disagree with its
    /// parts; it is written to JSON for readers of the fact log and ignored when read back.
    /// </summary>
    public decimal Aum => Demand + Term + WealthProducts + Funds + Bonds + Insurance;
}
