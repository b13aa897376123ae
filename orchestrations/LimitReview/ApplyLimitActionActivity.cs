namespace LifeWindow.Orchestrations.LimitReview;

/// <summary>
/// Freezes or cuts each of the customer's lines for this window (<see cref="LineReviews.Apply"/>): a line another signal
/// already holds is not frozen twice — this window joins its holders (a freeze replaces a cut). Idempotent: a retry finds
/// the window among the holders and changes nothing; the audit entry's id is the window's, so it is recorded once.
/// </summary>
public sealed class ApplyLimitActionActivity(IRevolvingLineStore lines, IAuditLog audit, TimeProvider time) : TaskActivity<ApplyLimitInput, IReadOnlyList<LineOutcome>>
{
    public override async Task<IReadOnlyList<LineOutcome>> RunAsync(TaskActivityContext context, ApplyLimitInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var window = input.Window;
        var outcomes = new List<LineOutcome>();
        await lines.UpdateAsync(window.CustomerKey, current =>
        {
            outcomes.Clear();
            var next = current;
            foreach (var line in current.Lines.Where(l => input.AccountIds.Contains(l.AccountId, StringComparer.Ordinal)))
            {
                var (changed, kind) = LineReviews.Apply(line, input.Action, input.CutPct, window.WindowId, input.At);
                outcomes.Add(LimitReviewAudits.Outcome(changed, kind));
                next = next.With(changed, time.GetUtcNow());
            }

            return next;
        }, CancellationToken.None).ConfigureAwait(false);

        var kind = outcomes.Any(o => o.Change is LineChangeKind.Applied or LineChangeKind.Escalated) || outcomes.All(o => o.Change == LineChangeKind.Unchanged)
            ? (input.Action == LimitAction.Freeze ? AuditKinds.LimitFrozen : AuditKinds.LimitCut)
            : AuditKinds.LimitReviewJoined;
        await audit.AppendForCustomerAsync(window.CustomerKey, LimitReviewAudits.Entry(
            window, kind, "applied", LimitReviewAudits.Describe(outcomes), [window.RuleId, input.Action.ToString(), .. outcomes.Select(o => o.Change.ToString()).Distinct()]), CancellationToken.None).ConfigureAwait(false);
        return outcomes;
    }
}
