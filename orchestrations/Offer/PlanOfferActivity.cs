using LifeWindow.Domain.Contact;
using LifeWindow.Domain.Offers;
using LifeWindow.Domain.Profiles;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Contact;
using LifeWindow.Integration.Storage;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace LifeWindow.Orchestrations.Offer;

/// <summary>
/// Decides, once, what the workflow may do for a window: whether the window is still open, which offer wins
/// arbitration (and why the others lost), and whether and when the customer may be contacted about it. Reads
/// the profile, consents and policies now; the contact decision is taken in the customer's contact ledger,
/// which also reserves the slot, so concurrent workflows cannot exceed a cap. Its result is kept in the
/// workflow's history (an activity retry gets the same decision back from the ledger).
/// </summary>
public sealed class PlanOfferActivity(
    IWindowStore windows,
    IProfileStore profiles,
    IContactLedger contacts,
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

        var marketing = input.Category == RuleCategory.Marketing;
        var doNotDisturb = policy.DoNotDisturb.Contains(input.CustomerKey, StringComparer.Ordinal);
        var contact = await contacts.DecideAsync(
            input.CustomerKey,
            new ContactEntry(input.WindowId, winner.Id, winner.Kind, marketing, now, new ContactDecision(ContactVerdict.Allowed, string.Empty)),
            history => ContactRules.Decide(winner.Id, marketing, view.Consents, doNotDisturb, history, now, policy.Contact),
            CancellationToken.None).ConfigureAwait(false);
        return new OfferPlan(state, new OfferChoice(winner.Id, winner.Name, winner.Kind), arbitration.Excluded, contact, policy.Contact.Version, policy.Compliance);
    }
}
