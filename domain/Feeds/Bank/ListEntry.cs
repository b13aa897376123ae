namespace LifeWindow.Domain.Feeds.Bank;

/// <summary>
/// The customer put on, or taken off, one of the bank's credit lists (黑名单、反欺诈名单), canonical record v1, with
/// the reason and who decided it. The latest entry per list stands; a customer on any list is declined credit.
/// </summary>
public sealed record ListEntry : FeedRecord
{
    public const string TypeName = "bank.list-entry/v1";

    public required CreditList List { get; init; }

    public required ListAction Action { get; init; }

    /// <summary>Why, in the words of whoever decided it (e.g. "court enforcement list 失信被执行人").</summary>
    public required string Reason { get; init; }

    /// <summary>Who decided it: the bank's risk team, the PBOC credit reference, a court list, a partner.</summary>
    public required string Source { get; init; }

    public required DateTimeOffset At { get; init; }
}

public enum CreditList
{
    /// <summary>The bank's credit blacklist (黑名单).</summary>
    Blacklist,

    /// <summary>The anti-fraud list (反欺诈名单).</summary>
    Fraud,
}

public enum ListAction
{
    Add,
    Remove,
}
