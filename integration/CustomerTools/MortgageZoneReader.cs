using LifeWindow.Domain.Contact;
using LifeWindow.Domain.CustomerTools;
using LifeWindow.Integration.Exposure;

namespace LifeWindow.Integration.CustomerTools;

/// <summary>
/// Reads what the mortgage-customer zone (房贷客户专区) needs from the stores and hands it to <see cref="MortgageZone"/>:
/// the stored profile (null, and so a 404, when there is none), its tags three ways (everything held, for the customer's own
/// figures; what credit assessment may use, for the credit available; what marketing may use, for the plan), the
/// household's unified exposure and the customer's windows. It reads only: the exposure store's balances are as the last
/// credit decision synced them.
/// </summary>
public sealed class MortgageZoneReader(
    IProfileStore profiles,
    IWindowStore windows,
    IExposureStore exposure,
    RuleCatalog catalog,
    IOptions<CreditPolicy> credit,
    IOptions<MonthlyPlanPolicy> plan,
    TimeProvider time)
{
    public async Task<MortgageZoneView?> ReadAsync(string customerKey, CancellationToken cancellationToken)
    {
        var stored = await profiles.GetAsync(customerKey, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var view = ProfileFolder.ViewOf(stored.Profile, catalog.Tags);
        var coOwners = stored.Profile.Household(view);
        var theirs = new List<Window>();
        await foreach (var window in windows.ListForCustomerAsync(customerKey, cancellationToken).ConfigureAwait(false))
        {
            theirs.Add(window);
        }

        var inputs = new MortgageZoneInputs
        {
            CustomerKey = customerKey,
            AsOf = now,
            Own = TagEngine.Compute(view, catalog.Tags, now, customerKey),
            Mortgages = MortgageZone.MortgagesOf(view, BusinessClock.ToBusinessDate(now)),
            ForCredit = ConsentSources.PermittedTags(view, catalog.Tags, ConsentPurpose.CreditAssessment, now, customerKey),
            Household = await exposure.HouseholdAsync(customerKey, coOwners, now, cancellationToken).ConfigureAwait(false),
            CoOwners = coOwners,
            Credit = credit.Value,
            ForMarketing = ConsentSources.PermittedTags(view, catalog.Tags, ConsentPurpose.Marketing, now, customerKey),
            Windows = theirs,
            Plan = plan.Value,
        };
        return MortgageZone.Build(inputs, catalog);
    }
}
