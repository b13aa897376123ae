using LifeWindow.Domain.Contact;

namespace LifeWindow.Domain.Offers;

/// <summary>An offer left out by arbitration, and why (for the audit trail).</summary>
public sealed record ExcludedOffer(string OfferId, string Reason);

/// <summary>The offers that may be made, best first, and those that may not.</summary>
public sealed record Arbitration(IReadOnlyList<OfferDefinition> Eligible, IReadOnlyList<ExcludedOffer> Excluded)
{
    public OfferDefinition? Winner => Eligible.Count > 0 ? Eligible[0] : null;
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
}
