namespace LifeWindow.Orchestrations.LimitReview;

/// <summary>
/// The window's signal cleared: it lets go of each line (<see cref="LineReviews.Release"/>). The last holder restores the
/// limit to what it was before the review (never above the bank's) and unfreezes; while another signal holds the line it
/// stays down. Idempotent: a retry finds the window no longer among the holders.
/// </summary>
public sealed class RestoreLimitActivity(IRevolvingLineStore lines, IAuditLog audit, TimeProvider time) : TaskActivity<RestoreLimitInput, IReadOnlyList<LineOutcome>>
{
    public override async Task<IReadOnlyList<LineOutcome>> RunAsync(TaskActivityContext context, RestoreLimitInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var window = input.Window;
        var outcomes = await LimitReviewAudits.ChangeLinesAsync(
            lines,
            window.CustomerKey,
            _ => true,
            line =>
            {
                var before = line.Review?.LimitBefore ?? line.Limit;
                var (changed, kind) = LineReviews.Release(line, window.WindowId);
                return (changed, LimitReviewAudits.Outcome(changed, kind) with { LimitBefore = before });
            },
            time).ConfigureAwait(false);

        var restored = outcomes.Any(o => o.Change == LineChangeKind.Restored);
        await audit.AppendForCustomerAsync(window.CustomerKey, LimitReviewAudits.Entry(
            window,
            restored ? AuditKinds.LimitRestored : AuditKinds.LimitReviewReleased,
            "released",
            $"{input.Reason} — {LimitReviewAudits.Describe(outcomes)}",
            [window.RuleId, .. outcomes.Select(o => o.Change.ToString()).Distinct()]), CancellationToken.None).ConfigureAwait(false);
        return outcomes;
    }
}
