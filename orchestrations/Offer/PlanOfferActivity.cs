using LifeWindow.Domain.Contact;
using LifeWindow.Domain.Leads;
using LifeWindow.Domain.Offers;
using LifeWindow.Domain.Profiles;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace LifeWindow.Orchestrations.Offer;

/// <summary>
/// Decides, once, what the workflow may do for a window: whether the window is still open, which offer wins
/// arbitration (and why the others lost), and whether and when the customer may be contacted about it. Reads
/// the profile, consents, contact history and policies now; its result is kept in the workflow's history.
/// </summary>
public sealed class PlanOfferActivity(
    IWindowStore windows,
    IProfileStore profiles,
    ILeadStore leads,
    RuleCatalog catalog,
    IOptions<OfferPolicyOptions> options,
    TimeProvider time) : TaskActivity<Window, OfferPlan>
{
    public override async Task<OfferPlan> RunAsync(TaskActivityContext context, Window input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var policy = options.Value;
        var now = time.GetUtcNow();
        var stored = await windows.GetAsync(input.CustomerKey, input.WindowId, CancellationToken.None).ConfigureAwait(false);
        var state = stored?.State ?? input.State;
        if (state != WindowState.Open)
        {
            return new OfferPlan(state, null, [], new ContactDecision(ContactVerdict.Refused, $"WindowNotOpen: the window is {state}"), policy.Contact.Version, policy.Compliance);
        }

        var profile = (await profiles.GetAsync(input.CustomerKey, CancellationToken.None).ConfigureAwait(false))?.Profile ?? CustomerProfile.Empty(input.CustomerKey);
        var view = ProfileFolder.ViewOf(profile, catalog.Tags);
        var tags = TagEngine.Compute(view, catalog.Tags, now, input.CustomerKey);
        var arbitration = OfferArbiter.Arbitrate([.. input.CandidateOffers.Select(catalog.Offer)], tags, view.Consents);
        if (arbitration.Winner is not { } winner)
        {
            return new OfferPlan(state, null, arbitration.Excluded, new ContactDecision(ContactVerdict.Refused, "NoEligibleOffer: " + string.Join("; ", arbitration.Excluded.Select(e => $"{e.OfferId} {e.Reason}"))), policy.Contact.Version, policy.Compliance);
        }

        var history = new List<ContactRecord>();
        await foreach (var lead in leads.ListForCustomerAsync(input.CustomerKey, CancellationToken.None).ConfigureAwait(false))
        {
            if (lead.Lead.WindowId != input.WindowId)
            {
                history.Add(new ContactRecord(lead.Lead.CreatedAt, lead.Lead.OfferId, lead.Lead.OfferKind, lead.Lead.Category == RuleCategory.Marketing, lead.Outcome == LeadOutcome.Declined));
            }
        }

        var contact = ContactRules.Decide(
            winner.Id,
            marketing: input.Category == RuleCategory.Marketing,
            view.Consents,
            policy.DoNotDisturb.Contains(input.CustomerKey, StringComparer.Ordinal),
            history,
            now,
            policy.Contact);
        return new OfferPlan(state, new OfferChoice(winner.Id, winner.Name, winner.Kind), arbitration.Excluded, contact, policy.Contact.Version, policy.Compliance);
    }
}
