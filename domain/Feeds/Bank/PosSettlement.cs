namespace LifeWindow.Domain.Feeds.Bank;

/// <summary>
/// One day's card-acquiring (POS) settlement to a merchant whose owner is our customer, canonical
/// record v1: a sign of business revenue for MicroBusinessLoan and AssetUplift.
/// </summary>
public sealed record PosSettlement : FeedRecord
{
    public const string TypeName = "bank.pos-settlement/v1";

    /// <summary>The merchant's Unified Social Credit Code (GB 32100).</summary>
    public required string MerchantUscc { get; init; }

    public required DateOnly SettledOn { get; init; }

    public required decimal Amount { get; init; }

    public required int TransactionCount { get; init; }
}
