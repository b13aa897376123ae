namespace LifeWindow.Domain.Feeds.Bank;

/// <summary>
/// A snippet of a service conversation, kept to read the customer's intent (e.g. "月供压力大"),
/// canonical record v1. The snippet is redacted at ingress: long digit runs (phone, ID, card numbers) are masked.
/// </summary>
public sealed record CallTranscript : FeedRecord
{
    public const string TypeName = "bank.call-transcript/v1";

    public required DateTimeOffset At { get; init; }

    public required ContactChannel Channel { get; init; }

    /// <summary>At most 2000 characters, already redacted.</summary>
    public required string Snippet { get; init; }
}

public enum ContactChannel
{
    Phone,
    App,
    Branch,
}
