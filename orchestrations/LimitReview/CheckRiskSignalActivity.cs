namespace LifeWindow.Orchestrations.LimitReview;

/// <summary>
/// A review date came, or the window closed otherwise than Cleared: computes the customer's tags now (from what the window
/// rules may read, as detection does) and says whether the window's rule still holds, and which limit-review rules do.
/// Audited once per review number.
/// </summary>
public sealed class CheckRiskSignalActivity(IProfileStore profiles, RuleCatalog catalog, IAuditLog audit, TimeProvider time) : TaskActivity<CheckSignalInput, SignalCheck>
{
    public override async Task<SignalCheck> RunAsync(TaskActivityContext context, CheckSignalInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var window = input.Window;
        var profile = (await profiles.GetAsync(window.CustomerKey, CancellationToken.None).ConfigureAwait(false))?.Profile ?? CustomerProfile.Empty(window.CustomerKey);
        var tags = ConsentSources.PermittedTags(profile, catalog.Tags, ConsentPurpose.Marketing, time.GetUtcNow());
        var holding = catalog.Rules.Where(r => r.LimitReview is not null && ConditionEvaluator.Holds(r.When, tags, r.Thresholds)).Select(r => r.Id).ToList();
        var check = new SignalCheck(holding.Contains(window.RuleId, StringComparer.Ordinal), holding);
        await audit.AppendForCustomerAsync(window.CustomerKey, LimitReviewAudits.Entry(
            window,
            AuditKinds.LimitReviewChecked,
            string.Create(CultureInfo.InvariantCulture, $"checked:{input.Review}"),
            check.StillHolds ? $"review {input.Review}: {window.RuleId} still holds; the line stays under review" : $"review {input.Review}: {window.RuleId} no longer holds",
            [check.StillHolds ? "StillHolds" : "Cleared", .. holding]), CancellationToken.None).ConfigureAwait(false);
        return check;
    }
}
