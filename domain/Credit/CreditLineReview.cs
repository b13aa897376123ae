namespace LifeWindow.Domain.Credit;

/// <summary>What a limit review does to a revolving line: freeze it (nothing more may be drawn) or cut its limit.</summary>
public enum LimitAction
{
    /// <summary>Available becomes 0; the limit stays as it was, so the restore has nothing to recompute.</summary>
    Freeze,

    /// <summary>The limit falls by the policy's percentage, never below what is drawn.</summary>
    Cut,
}

/// <summary>
/// A customer's revolving 备用金 line as LifeWindow manages it: the limit the bank's loan ledger reports
/// (<see cref="BankLimit"/>, <c>bank.loan-account</c> of kind Revolving), what is drawn, and the limit in force while a
/// limit review holds it (docs/risk-side.md). Money is decimal.
/// </summary>
public sealed record CreditLine
{
    public required string AccountId { get; init; }

    /// <summary>The limit the bank granted, as its ledger last reported it.</summary>
    public required decimal BankLimit { get; init; }

    public required decimal Outstanding { get; init; }

    /// <summary>The limit in force: the bank's, unless a review cut it.</summary>
    public required decimal Limit { get; init; }

    public bool Frozen { get; init; }

    /// <summary>The review holding the line down; null when none does.</summary>
    public LineReview? Review { get; init; }

    public decimal Available => Frozen ? 0m : Math.Max(0m, Limit - Outstanding);
}

/// <summary>
/// A review in progress: the limit before it (what a restore goes back to, never above the bank's), the strongest action
/// taken, and the windows (risk signals) holding it; the line is restored only when the last of them lets go.
/// </summary>
public sealed record LineReview(decimal LimitBefore, LimitAction Action, IReadOnlyList<string> Holders, DateTimeOffset Since);

/// <summary>What one review step did to one line.</summary>
public enum LineChangeKind
{
    /// <summary>The line was frozen or cut by this signal.</summary>
    Applied,

    /// <summary>Already under review (another signal): this signal joins the holders; the stronger freeze replaces a cut.</summary>
    Escalated,

    /// <summary>Already under review at least as strongly: this signal only joins the holders.</summary>
    Joined,

    /// <summary>This signal had already been applied (a retried step): nothing changed.</summary>
    Unchanged,

    /// <summary>The last holder let go: the limit is back (never above the bank's) and the line unfrozen.</summary>
    Restored,

    /// <summary>This signal let go but others still hold the line: it stays down.</summary>
    StillHeld,
}

/// <summary>The limit review's rules over one line, pure and idempotent per holder (a retried activity changes nothing twice).</summary>
public static class LineReviews
{
    /// <summary>Freezes or cuts the line for <paramref name="holder"/> (a window id); cutting keeps at least the drawn balance.</summary>
    public static (CreditLine Line, LineChangeKind Change) Apply(CreditLine line, LimitAction action, decimal cutPct, string holder, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Review is { } review)
        {
            if (review.Holders.Contains(holder, StringComparer.Ordinal))
            {
                return (line, LineChangeKind.Unchanged);
            }

            var joined = review with { Holders = [.. review.Holders, holder] };
            return action == LimitAction.Freeze && !line.Frozen
                ? (line with { Frozen = true, Review = joined with { Action = LimitAction.Freeze } }, LineChangeKind.Escalated)
                : (line with { Review = joined }, LineChangeKind.Joined);
        }

        var started = new LineReview(line.Limit, action, [holder], at);
        return action == LimitAction.Freeze
            ? (line with { Frozen = true, Review = started }, LineChangeKind.Applied)
            : (line with { Limit = CutLimit(line, cutPct), Review = started }, LineChangeKind.Applied);
    }

    /// <summary>
    /// <paramref name="holder"/>'s signal cleared: it lets go of the line; when no other holds it the limit goes back to what
    /// it was before the review, or to the bank's limit if the bank lowered it since, and the line is unfrozen.
    /// </summary>
    public static (CreditLine Line, LineChangeKind Change) Release(CreditLine line, string holder)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Review is not { } review || !review.Holders.Contains(holder, StringComparer.Ordinal))
        {
            return (line, LineChangeKind.Unchanged);
        }

        var others = review.Holders.Where(h => !string.Equals(h, holder, StringComparison.Ordinal)).ToList();
        return others.Count > 0
            ? (line with { Review = review with { Holders = others } }, LineChangeKind.StillHeld)
            : (line with { Limit = Math.Min(review.LimitBefore, line.BankLimit), Frozen = false, Review = null }, LineChangeKind.Restored);
    }

    /// <summary>The bank's ledger reported the line: its limit and balance stand; a limit under review stays at most the bank's.</summary>
    public static CreditLine Reported(CreditLine? line, string accountId, decimal bankLimit, decimal outstanding)
    {
        if (line is null)
        {
            return new CreditLine { AccountId = accountId, BankLimit = bankLimit, Outstanding = outstanding, Limit = bankLimit };
        }

        return line with
        {
            BankLimit = bankLimit,
            Outstanding = outstanding,
            Limit = line.Review is null ? bankLimit : Math.Min(line.Limit, bankLimit),
        };
    }

    /// <summary>The limit less <paramref name="cutPct"/> percent, rounded to the yuan, but never below what is drawn.</summary>
    public static decimal CutLimit(CreditLine line, decimal cutPct)
    {
        ArgumentNullException.ThrowIfNull(line);
        var cut = Math.Round(line.Limit * (100m - cutPct) / 100m, 0, MidpointRounding.ToZero);
        return Math.Min(line.Limit, Math.Max(line.Outstanding, cut));
    }
}
