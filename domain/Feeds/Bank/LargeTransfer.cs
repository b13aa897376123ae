namespace LifeWindow.Domain.Feeds.Bank;

/// <summary>
/// A large transfer on a customer's account, canonical record v1. The core system decides what is
/// "large" and reports only those; outgoing cross-bank ones feed AssetUplift, large incoming ones LumpSumInflow.
/// </summary>
public sealed record LargeTransfer : FeedRecord
{
    public const string TypeName = "bank.large-transfer/v1";

    public required FlowDirection Direction { get; init; }

    public required decimal Amount { get; init; }

    public required CounterpartyType CounterpartyType { get; init; }

    public required DateTimeOffset At { get; init; }
}

public enum CounterpartyType
{
    /// <summary>跨行: the other account is at another bank (money leaving or arriving from a competitor).</summary>
    CrossBank,

    /// <summary>行内: the other account is with this bank.</summary>
    SameBank,
}
