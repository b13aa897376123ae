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
        var outcomes = await LimitReviewAudits.ChangeLinesAsync(
            lines,
            window.CustomerKey,
            line => input.AccountIds.Contains(line.AccountId, StringComparer.Ordinal),
            line =>
            {
                var (changed, kind) = LineReviews.Apply(line, input.Action, input.CutPct, window.WindowId, input.At);
                return (changed, LimitReviewAudits.Outcome(changed, kind));
            },
            time).ConfigureAwait(false);

        var kind = outcomes.Any(o => o.Change is LineChangeKind.Applied or LineChangeKind.Escalated) || outcomes.All(o => o.Change == LineChangeKind.Unchanged)
            ? (input.Action == LimitAction.Freeze ? AuditKinds.LimitFrozen : AuditKinds.LimitCut)
            : AuditKinds.LimitReviewJoined;
        await audit.AppendForCustomerAsync(window.CustomerKey, LimitReviewAudits.Entry(
            window, kind, "applied", LimitReviewAudits.Describe(outcomes), [window.RuleId, input.Action.ToString(), .. outcomes.Select(o => o.Change.ToString()).Distinct()]), CancellationToken.None).ConfigureAwait(false);
        return outcomes;
    }
}
