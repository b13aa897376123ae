namespace LifeWindow.Domain.Feeds.Bank;

/// <summary>
/// A third-party custody transfer (三方存管 / 银证转账) between the customer's bank account and a
/// securities account, canonical record v1. <see cref="FlowDirection.Out"/> = bank → broker,
/// <see cref="FlowDirection.In"/> = broker → bank.
/// </summary>
public sealed record CustodyFlow : FeedRecord
{
    public const string TypeName = "bank.custody-flow/v1";

    public required FlowDirection Direction { get; init; }

    public required decimal Amount { get; init; }

    /// <summary>The securities company, by its custody code.</summary>
    public required string BrokerCode { get; init; }

    public required DateTimeOffset At { get; init; }
}
