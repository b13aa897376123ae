using LifeWindow.Domain.Contact;
using LifeWindow.Domain.Offers;

namespace LifeWindow.Integration.Lifecycle;

/// <summary>
/// A consent withdrawal takes effect as the consumer folds it (seconds after the webhook is accepted):
/// <list type="bullet">
/// <item>a source no purpose still allows is forgotten: its facts leave the fact log, and the profile is folded afresh
/// from what is left, so its tags no longer count them;</item>
/// <item>a withdrawal of Marketing ends every open window of the customer, of CreditAssessment every open window with a
/// credit offer: each is suppressed, and its running offer workflow is to be told (<see cref="WorkflowSignals.Closed"/>), which withdraws a delivered lead toward
/// the CRM (<c>lifewindow.lead.withdrawn</c>) and frees any held limit.</item>
/// </list>
/// </summary>
public sealed partial class FeedMessageProcessor
{
    private async Task<(CustomerProfile Profile, IReadOnlyList<Window> Existing)> ApplyWithdrawalsAsync(
        CustomerProfile profile, IReadOnlyList<ConsentRecord> withdrawn, IReadOnlyList<Window> existing, List<WindowClosure> closed, CancellationToken cancellationToken)
    {
        var customerKey = profile.CustomerKey;
        var consents = ProfileFolder.ViewOf(profile, catalog.Tags).Consents;
        var forgotten = withdrawn.Select(w => w.Source).Distinct().Where(s => !ConsentSources.AnyPurposeGranted(consents, s)).ToList();
        if (forgotten.Count > 0)
        {
            var purged = await facts.DeleteRecordTypesAsync(customerKey, [.. forgotten.SelectMany(ConsentSources.RecordTypes)], cancellationToken).ConfigureAwait(false);
            profile = await RebuildProfileAsync(customerKey, "(consent withdrawn)", cancellationToken).ConfigureAwait(false);
            LogForgotten(logger, purged, string.Join(", ", forgotten));
        }

        var reason = "ConsentWithdrawn: " + string.Join(", ", withdrawn.Select(w => $"{w.Purpose}/{w.Source}").Distinct(StringComparer.Ordinal));
        var marketing = withdrawn.Any(w => w.Purpose == ConsentPurpose.Marketing);
        var credit = withdrawn.Any(w => w.Purpose == ConsentPurpose.CreditAssessment);
        var now = time.GetUtcNow();
        var after = new List<Window>();
        foreach (var window in existing)
        {
            if (window.State != WindowState.Open || !(marketing || (credit && window.CandidateOffers.Any(o => catalog.Offer(o).Kind == OfferKind.Credit))))
            {
                after.Add(window);
                continue;
            }

            await windows.SetStateAsync(window.CustomerKey, window.WindowId, WindowState.Suppressed, now, cancellationToken).ConfigureAwait(false);
            await audit.AppendForCustomerAsync(customerKey, Audits.WindowClosed(window, WindowState.Suppressed, reason), cancellationToken).ConfigureAwait(false);
            closed.Add(new WindowClosure(window, WindowState.Suppressed, reason));
            LogStateChange(logger, window.WindowId, WindowState.Suppressed, reason);
            after.Add(window with { State = WindowState.Suppressed, StateChangedAt = now });
        }

        return (profile, after);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consent withdrawn: forgot {Count} facts of {Sources}")]
    private static partial void LogForgotten(ILogger logger, int count, string sources);
}
