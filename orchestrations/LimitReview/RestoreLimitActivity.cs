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
        var outcomes = new List<LineOutcome>();
        await lines.UpdateAsync(window.CustomerKey, current =>
        {
            outcomes.Clear();
            var next = current;
            foreach (var line in current.Lines)
            {
                var before = line.Review?.LimitBefore ?? line.Limit;
                var (changed, kind) = LineReviews.Release(line, window.WindowId);
                outcomes.Add(LimitReviewAudits.Outcome(changed, kind) with { LimitBefore = before });
                next = next.With(changed, time.GetUtcNow());
            }

            return next;
        }, CancellationToken.None).ConfigureAwait(false);

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
