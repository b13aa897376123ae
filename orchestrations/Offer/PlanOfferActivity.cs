using LifeWindow.Domain.Demand;
using LifeWindow.Integration.Contact;
using LifeWindow.Integration.Demand;
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
    IDoNotDisturbList doNotDisturbList,
    RuleCatalog catalog,
    IOptions<OfferPolicyOptions> options,
    IOptions<IncomeVerificationPolicy> incomePolicy,
    IOptions<CreditPolicy> creditPolicy,
    IAuditLog audit,
    DemandScorer demand,
    TimeProvider time) : TaskActivity<Window, OfferPlan>
{
    public override async Task<OfferPlan> RunAsync(TaskActivityContext context, Window input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var plan = await PlanAsync(input).ConfigureAwait(false);
        await audit.AppendForCustomerAsync(input.CustomerKey, AuditOf(input, plan), CancellationToken.None).ConfigureAwait(false);
        return plan;
    }

    /// <summary>The plan as the audit log keeps it: the offer chosen (or none), the ones excluded and why, the contact decision.</summary>
    private static AuditEntry AuditOf(Window window, OfferPlan plan) => new()
    {
        EntryId = "offer.planned:" + window.WindowId,
        Kind = AuditKinds.OfferPlanned,
        Subject = window.WindowId,
        CatalogVersion = window.CatalogVersion,
        PolicyVersion = plan.ContactPolicyVersion,
        ReasonCodes = [plan.Contact.Verdict.ToString(), .. plan.Excluded.Select(e => $"{e.OfferId}:{e.Reason}"), .. NoPreApproval(plan), .. ModelCodes(plan.Model)],
        Detail = $"{plan.Offer?.OfferId ?? "no offer"}; contact {plan.Contact.Verdict}: {plan.Contact.Reason}{ModelDetail(plan.Model)}",
        InputsDigest = AuditEntry.Digest(window),
    };

    /// <summary>The demand model's part of the audit: model version, score and experiment arm as reason codes.</summary>
    private static IEnumerable<string> ModelCodes(ModelVerdict? model) => model is null
        ? []
        : ["Model:" + model.Version, "ModelScore:" + model.Score.ToString("0.000000", CultureInfo.InvariantCulture), .. model.Arm is { } arm ? ["Arm:" + arm] : Array.Empty<string>()];

    private static string ModelDetail(ModelVerdict? model) => model is null
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $"; model {model.Version} score {model.Score:0.000000} arm {model.Arm?.ToString() ?? "none"}");

    /// <summary>A credit offer that will be contacted without a credit plan: the customer declared no income recently.</summary>
    private static IEnumerable<string> NoPreApproval(OfferPlan plan) =>
        plan.Offer?.Kind == OfferKind.Credit && plan.Contact.Verdict != ContactVerdict.Refused && plan.Credit is null ? ["NoDeclaredIncome"] : [];

    private async Task<OfferPlan> PlanAsync(Window input)
    {
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
        var tags = ConsentSources.PermittedTags(view, catalog.Tags, ConsentPurpose.Marketing, now, input.CustomerKey);
        var arbitration = OfferArbiter.Arbitrate([.. input.CandidateOffers.Select(catalog.Offer)], tags, view.Consents);
        if (arbitration.Winner is not { } winner)
        {
            return new OfferPlan(state, null, arbitration.Excluded, new ContactDecision(ContactVerdict.Refused, "NoEligibleOffer: " + string.Join("; ", arbitration.Excluded.Select(e => $"{e.OfferId} {e.Reason}"))), policy.Contact.Version, policy.Compliance);
        }

        var choice = new OfferChoice(winner.Id, winner.Name, winner.Kind);
        var model = demand.Judge(input, tags);
        if (ExperimentRefusal(model) is { } withheld)
        {
            return new OfferPlan(state, choice, arbitration.Excluded, withheld, policy.Contact.Version, policy.Compliance, Model: model);
        }

        var marketing = input.Category == RuleCategory.Marketing;
        var doNotDisturb = await doNotDisturbList.GetAsync(input.CustomerKey, CancellationToken.None).ConfigureAwait(false) is not null;
        var rivals = marketing ? await RivalsAsync(input, tags, view.Consents, now).ConfigureAwait(false) : [];
        var contact = await contacts.DecideAsync(
            input.CustomerKey,
            new ContactEntry(input.WindowId, winner.Id, winner.Kind, marketing, now, new ContactDecision(ContactVerdict.Allowed, string.Empty)),
            entries => DecideContact(WindowBid.Of(input, winner), input.OpensAt, marketing, rivals, entries, view.Consents, doNotDisturb, now, policy.Contact),
            CancellationToken.None).ConfigureAwait(false);
        var credit = winner.Kind == OfferKind.Credit && contact.Verdict != ContactVerdict.Refused ? PlanCredit(winner, view, input.CustomerKey, now) : null;
        return new OfferPlan(state, choice, arbitration.Excluded, contact, policy.Contact.Version, policy.Compliance, credit, model);
    }

    /// <summary>
    /// The experiment's word on contact (docs/models.md): the control arm is never contacted (so uplift can be measured),
    /// the challenger only when the model's score reaches the top of the capacity; the champion, and every window when
    /// no experiment runs, is left to the contact rules (null).
    /// </summary>
    private ContactDecision? ExperimentRefusal(ModelVerdict? model)
    {
        if (model?.Arm == ExperimentArm.Control)
        {
            return new ContactDecision(ContactVerdict.Refused, "ControlGroup: the customer is in the demand experiment's control arm, which is never contacted");
        }

        return model?.Arm == ExperimentArm.Challenger && demand.ChallengerThreshold is { } threshold && model.Score < threshold
            ? new ContactDecision(ContactVerdict.Refused, string.Create(CultureInfo.InvariantCulture,
                $"BelowModelThreshold: score {model.Score:0.000000} is below {threshold:0.000000}, the top {demand.Capacity:0%} of model {model.Version}'s holdout scores"))
            : null;
    }

    /// <summary>
    /// The customer's other open Marketing windows, each with the offer that wins its own arbitration on the same tags:
    /// the bids this window's contact competes with.
    /// </summary>
    private async Task<IReadOnlyList<WindowBid>> RivalsAsync(Window input, TagSet tags, IReadOnlyList<ConsentState> consents, DateTimeOffset now)
    {
        var rivals = new List<WindowBid>();
        await foreach (var other in windows.ListForCustomerAsync(input.CustomerKey, CancellationToken.None).ConfigureAwait(false))
        {
            if (other.WindowId != input.WindowId && other.State == WindowState.Open && other.Category == RuleCategory.Marketing && other.ClosesAt > now
                && OfferArbiter.Arbitrate([.. other.CandidateOffers.Select(catalog.Offer)], tags, consents).Winner is { } offer)
            {
                rivals.Add(WindowBid.Of(other, offer));
            }
        }

        return rivals;
    }

    /// <summary>
    /// The contact decision, taken inside the customer's ledger: the contact rules first; then one contact for concurrent
    /// windows — this window is refused as outranked when a higher-ranked rival takes the contact: a rival not yet decided
    /// whose contact the rules would allow, or one contacted since this window opened (so the answer does not depend on
    /// which workflow decided first). A rival contacted before this window opened no longer competes: a window that opens
    /// after the customer was contacted about another waits only on the contact caps.
    /// </summary>
    private static ContactDecision DecideContact(
        WindowBid bid, DateTimeOffset opensAt, bool marketing, IReadOnlyList<WindowBid> rivals, IReadOnlyList<ContactEntry> entries, IReadOnlyList<ConsentState> consents, bool doNotDisturb, DateTimeOffset now, ContactPolicy policy)
    {
        var history = ContactEntry.Counted(entries);
        var decision = ContactRules.Decide(bid.Offer.Id, marketing, consents, doNotDisturb, history, now, policy);
        if (decision.Verdict == ContactVerdict.Refused)
        {
            return decision;
        }

        var decided = entries.DistinctBy(e => e.WindowId, StringComparer.Ordinal).ToDictionary(e => e.WindowId, StringComparer.Ordinal);
        var competing = rivals.Where(r => decided.TryGetValue(r.WindowId, out var entry)
            ? entry.Counts && entry.At >= opensAt
            : ContactRules.Decide(r.Offer.Id, true, consents, doNotDisturb, history, now, policy).Verdict != ContactVerdict.Refused);
        return OfferArbiter.OutrankedBy(bid, competing) is { } better
            ? new ContactDecision(ContactVerdict.Refused, $"Outranked: window {better.WindowId} ({better.RuleId}, priority {better.Priority}) offers {better.Offer.Id}, expected value {better.Offer.ExpectedValue}; one contact for concurrent windows")
            : decision;
    }

    /// <summary>
    /// The credit plan: the income the customer declared (the figure the verification checks against the sources; none
    /// declared recently, no plan, and the offer goes out without a pre-approval) and the amount, read from the property
    /// the customer allowed for credit assessment.
    /// </summary>
    private CreditPlan? PlanCredit(OfferDefinition winner, ProfileView view, string customerKey, DateTimeOffset now)
    {
        if (view.DeclaredIncome is not { } declared || declared.DeclaredAt < now.AddDays(-incomePolicy.Value.DeclarationMaxAgeDays))
        {
            return null;
        }

        var tags = ConsentSources.PermittedTags(view, catalog.Tags, ConsentPurpose.CreditAssessment, now, customerKey);
        return new CreditPlan(declared.MonthlyIncome, RequestedAmount(winner, tags), incomePolicy.Value, creditPolicy.Value);
    }

    /// <summary>The seed's HomeEquityLoan cap (500万).</summary>
    public const decimal HomeEquityCap = 5_000_000m;

    /// <summary>
    /// The amount a credit offer requests: the catalog's <c>amount</c>, except HomeEquityLoan, which asks for 70% of
    /// the appraisal minus the mortgage balance (balance = PropertyValue − NetEquity), capped at 500万, and falls
    /// back to the catalog amount when the property tags are missing or leave no room.
    /// </summary>
    public static decimal RequestedAmount(OfferDefinition offer, TagSet tags)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(tags);
        var fallback = offer.Amount ?? 0m;
        if (offer.Id != "HomeEquityLoan" || tags.Get(TagNames.PropertyValue)?.Number is not { } value || tags.Get(TagNames.NetEquity)?.Number is not { } equity)
        {
            return fallback;
        }

        var room = Math.Min((0.7m * value) - (value - equity), HomeEquityCap);
        return room > 0 ? Math.Floor(room / 1_000m) * 1_000m : fallback;
    }
}
