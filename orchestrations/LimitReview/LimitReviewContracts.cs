namespace LifeWindow.Orchestrations.LimitReview;

/// <summary>A limit-review risk window (instance id = window id).</summary>
public sealed record LimitReviewInput(Window Window)
{
    /// <summary>The W3C traceparent of the span that started the workflow; the RM notice continues it.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>
/// What the review will do, fixed in its first activity: the customer's active revolving lines as the bank reported them,
/// the action the signal's severity maps to, and the policy's numbers (an in-flight review replays with the policy it started with).
/// </summary>
public sealed record LimitReviewPlan(IReadOnlyList<CreditLine> Lines, LimitAction Action, decimal CutPct, TimeSpan ReviewAfter, int MaxReviews, string PolicyVersion);

/// <param name="AccountIds">The active lines the plan found: a line the ledger reported closed is left alone.</param>
public sealed record ApplyLimitInput(Window Window, LimitAction Action, decimal CutPct, IReadOnlyList<string> AccountIds, DateTimeOffset At);

/// <summary>One line after a step: what the step did, the limit before the review and now, and what can be drawn now.</summary>
public sealed record LineOutcome(string AccountId, LineChangeKind Change, decimal LimitBefore, decimal Limit, decimal Available, bool Frozen);

public sealed record NotifyRmInput(Window Window, LimitAction Action, IReadOnlyList<LineOutcome> Lines, DateTimeOffset At)
{
    public string? TraceParent { get; init; }
}

/// <summary>The RM notice is in the outbox (lead id from the window id); <paramref name="Delivered"/> when the first attempt reached the CRM.</summary>
public sealed record RmNotified(string LeadId, bool Delivered);

/// <summary>The review date came (or the window closed otherwise than Cleared): does the signal still hold? <paramref name="Review"/> numbers the check.</summary>
public sealed record CheckSignalInput(Window Window, int Review, DateTimeOffset At);

/// <summary>Whether the window's rule still holds now, and every limit-review rule that does.</summary>
public sealed record SignalCheck(bool StillHolds, IReadOnlyList<string> Holding);

public sealed record RestoreLimitInput(Window Window, string Reason, DateTimeOffset At);

/// <summary>
/// How the review ended: NoRevolvingLine (nothing to review), Restored (this signal was the last: the limit is back),
/// Released (this signal cleared, another still holds the line), Lapsed (still holding after the last review date: the line
/// stays under review for the RM to decide).
/// </summary>
public sealed record LimitReviewResult(string WindowId, string Outcome, LimitAction? Action, IReadOnlyList<LineOutcome> Applied, IReadOnlyList<LineOutcome> Released, string Reason, DateTimeOffset CompletedAt);

/// <summary>Custom status: Reading, Applying, NotifyingRm, Waiting, Restoring, Completed.</summary>
public sealed record LimitReviewStatus(string Stage)
{
    public string? Reason { get; init; }
}

/// <summary>The limit-review audit entries, built in one place; ids derive from the window id, so a retried step records once.</summary>
internal static class LimitReviewAudits
{
    /// <param name="step">The step's name in the entry id ("limit-review:{window}:{step}"): one entry per step, whatever its outcome.</param>
    public static AuditEntry Entry(Window window, string kind, string step, string detail, IReadOnlyList<string> reasonCodes, string? policyVersion = null) => new()
    {
        EntryId = $"limit-review:{window.WindowId}:{step}",
        Kind = kind,
        Subject = window.WindowId,
        CatalogVersion = window.CatalogVersion,
        PolicyVersion = policyVersion,
        ReasonCodes = reasonCodes,
        Detail = detail,
        InputsDigest = AuditEntry.Digest(window.Evidence),
    };

    public static string Describe(IEnumerable<LineOutcome> lines) =>
        string.Join("; ", lines.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.AccountId} {l.Change}: limit {l.LimitBefore} → {l.Limit}, available {l.Available}{(l.Frozen ? " (frozen)" : string.Empty)}")));

    public static LineOutcome Outcome(CreditLine line, LineChangeKind change) =>
        new(line.AccountId, change, line.Review?.LimitBefore ?? line.Limit, line.Limit, line.Available, line.Frozen);

    /// <summary>
    /// Changes each of the customer's lines that <paramref name="select"/> takes, in one read-modify-write of the store;
    /// the outcomes are those of the attempt that was saved (a conflict re-reads and re-applies).
    /// </summary>
    public static async Task<IReadOnlyList<LineOutcome>> ChangeLinesAsync(
        IRevolvingLineStore lines, string customerKey, Func<CreditLine, bool> select, Func<CreditLine, (CreditLine Changed, LineOutcome Outcome)> change, TimeProvider time)
    {
        var outcomes = new List<LineOutcome>();
        await lines.UpdateAsync(customerKey, current =>
        {
            outcomes.Clear();
            var next = current;
            foreach (var line in current.Lines.Where(select))
            {
                var (changed, outcome) = change(line);
                outcomes.Add(outcome);
                next = next.With(changed, time.GetUtcNow());
            }

            return next;
        }, CancellationToken.None).ConfigureAwait(false);
        return outcomes;
    }
}
