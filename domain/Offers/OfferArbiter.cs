using LifeWindow.Domain.Contact;

namespace LifeWindow.Domain.Offers;

/// <summary>An offer left out by arbitration, and why (for the audit trail).</summary>
public sealed record ExcludedOffer(string OfferId, string Reason);

/// <summary>The offers that may be made, best first, and those that may not.</summary>
public sealed record Arbitration(IReadOnlyList<OfferDefinition> Eligible, IReadOnlyList<ExcludedOffer> Excluded)
{
    public OfferDefinition? Winner => Eligible.Count > 0 ? Eligible[0] : null;
}

/// <summary>A window's claim on the customer's one contact: the window and the offer that won its own arbitration.</summary>
public sealed record WindowBid(string WindowId, string RuleId, int Priority, OfferDefinition Offer)
{
    public static WindowBid Of(Window window, OfferDefinition offer)
    {
        ArgumentNullException.ThrowIfNull(window);
        return new(window.WindowId, window.RuleId, window.Priority, offer);
    }
}

/// <summary>
/// Chooses among a window's candidate offers. Eligibility: the product's age bands; a credit product needs
/// the customer's CreditAssessment consent (its decision uses their data). Suitability: a wealth product's
/// risk level R1..R5 must not exceed the customer's valid risk appetite C1..C5 (no valid assessment: only R1).
/// Ranking: the higher expected value; then the catalog's order of the window's candidates; then the lower risk.
/// </summary>
public static class OfferArbiter
{
    public static Arbitration Arbitrate(IReadOnlyList<OfferDefinition> candidates, TagSet tags, IReadOnlyList<ConsentState> consents)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(consents);
        var eligible = new List<(OfferDefinition Offer, int Order)>();
        var excluded = new List<ExcludedOffer>();
        var appetite = tags.Get(TagNames.RiskAppetite) is { } a && Enum.TryParse<RiskAppetite>(a.Value, out var parsed) ? (int)parsed : (int?)null;
        var ageBand = tags.Get(TagNames.AgeBand)?.Value;
        for (var i = 0; i < candidates.Count; i++)
        {
            var offer = candidates[i];
            if (offer.AgeBands is { } bands && (ageBand is null || !bands.Contains(ageBand, StringComparer.Ordinal)))
            {
                excluded.Add(new ExcludedOffer(offer.Id, $"AgeBand: offered to {string.Join("/", bands)}, customer {ageBand ?? "unknown"}"));
            }
            else if (offer.Kind == OfferKind.Credit && !ContactRules.HasConsent(consents, ConsentPurpose.CreditAssessment))
            {
                excluded.Add(new ExcludedOffer(offer.Id, "NoCreditConsent: no CreditAssessment consent in force"));
            }
            else if (offer.Kind == OfferKind.Wealth && offer.RiskLevel > (appetite ?? 1))
            {
                excluded.Add(new ExcludedOffer(offer.Id, appetite is null
                    ? $"Suitability: R{offer.RiskLevel} product and no valid risk assessment (only R1 without one)"
                    : $"Suitability: R{offer.RiskLevel} product above the customer's appetite C{appetite}"));
            }
            else
            {
                eligible.Add((offer, i));
            }
        }

        var ranked = eligible
            .OrderByDescending(e => e.Offer.ExpectedValue)
            .ThenBy(e => e.Order)
            .ThenBy(e => e.Offer.RiskLevel)
            .Select(e => e.Offer)
            .ToList();
        return new Arbitration(ranked, excluded);
    }

    /// <summary>
    /// Across a customer's concurrent windows (one contact, the best offer): the rival that outranks <paramref name="bid"/>,
    /// if any, best first. Order: the rule's priority, then the offer's expected value, then the window id (so two
    /// workflows deciding at once agree on the winner without talking to each other).
    /// </summary>
    public static WindowBid? OutrankedBy(WindowBid bid, IEnumerable<WindowBid> rivals)
    {
        ArgumentNullException.ThrowIfNull(bid);
        ArgumentNullException.ThrowIfNull(rivals);
        return rivals.Where(r => r.WindowId != bid.WindowId && Compare(r, bid) < 0).OrderBy(r => r, Comparer<WindowBid>.Create(Compare)).FirstOrDefault();
    }

    /// <summary>Negative when <paramref name="a"/> ranks before <paramref name="b"/>.</summary>
    private static int Compare(WindowBid a, WindowBid b)
    {
        var byPriority = b.Priority.CompareTo(a.Priority);
        if (byPriority != 0)
        {
            return byPriority;
        }

        var byValue = b.Offer.ExpectedValue.CompareTo(a.Offer.ExpectedValue);
        return byValue != 0 ? byValue : string.CompareOrdinal(a.WindowId, b.WindowId);
    }
}
