using LifeWindow.Domain.Feeds.Bank;
using Microsoft.Extensions.Options;

namespace LifeWindow.Orchestrations.LimitReview;

/// <summary>
/// The review's first step: reads the customer's active revolving lines from the bank's loan ledger as folded into the
/// profile (<c>bank.loan-account</c> of kind Revolving), brings the line store up to the ledger's limits and balances, and
/// fixes the plan — the action the window's severity maps to under the policy read now. Audited once per window.
/// </summary>
public sealed class ReadCreditLinesActivity(
    IProfileStore profiles,
    IRevolvingLineStore lines,
    RuleCatalog catalog,
    IOptions<LimitReviewPolicyOptions> options,
    IAuditLog audit,
    TimeProvider time) : TaskActivity<Window, LimitReviewPlan>
{
    public override async Task<LimitReviewPlan> RunAsync(TaskActivityContext context, Window input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var policy = options.Value;
        var profile = (await profiles.GetAsync(input.CustomerKey, CancellationToken.None).ConfigureAwait(false))?.Profile ?? CustomerProfile.Empty(input.CustomerKey);
        var reported = ProfileFolder.ViewOf(profile, catalog.Tags).Loans.Where(l => l.Kind == LoanKind.Revolving && l.Status == LoanStatus.Active).ToList();
        var now = time.GetUtcNow();
        var stored = await lines.UpdateAsync(
            input.CustomerKey,
            current => reported.Aggregate(current, (all, l) => all.With(LineReviews.Reported(all.Line(l.AccountId), l.AccountId, Math.Max(l.Principal, l.Balance), l.Balance), now)),
            CancellationToken.None).ConfigureAwait(false);
        var active = stored.Lines.Where(l => reported.Any(r => r.AccountId == l.AccountId)).ToList();
        var action = policy.ActionFor(input.LimitReview ?? LimitReviewSeverity.Moderate);
        await audit.AppendForCustomerAsync(input.CustomerKey, LimitReviewAudits.Entry(
            input,
            AuditKinds.LimitReviewStarted,
            "started",
            active.Count == 0 ? $"{input.RuleId}: no active revolving line to review" : $"{input.RuleId} ({input.LimitReview}): {action} {string.Join(", ", active.Select(l => $"{l.AccountId} limit {l.Limit} drawn {l.Outstanding}"))}",
            [input.RuleId, input.LimitReview?.ToString() ?? "Moderate", active.Count == 0 ? "NoRevolvingLine" : action.ToString()],
            policy.Version), CancellationToken.None).ConfigureAwait(false);
        return new LimitReviewPlan(active, action, policy.CutPct, policy.ReviewAfter, policy.MaxReviews, policy.Version);
    }
}
