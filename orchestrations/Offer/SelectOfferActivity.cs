using LifeWindow.Domain.Windows;
using Microsoft.DurableTask;

namespace LifeWindow.Orchestrations.Offer;

/// <summary>
/// Picks the offer for a window. For now: the rule's first candidate offer in the catalog; issue 5
/// brings arbitration (eligibility, suitability, priority, expected value).
/// </summary>
public sealed class SelectOfferActivity(RuleCatalog catalog) : TaskActivity<Window, OfferChoice>
{
    public override Task<OfferChoice> RunAsync(TaskActivityContext context, Window input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var offerId = input.CandidateOffers.FirstOrDefault()
            ?? throw new InvalidOperationException($"Window {input.WindowId} has no candidate offers.");
        var offer = catalog.Offer(offerId);
        return Task.FromResult(new OfferChoice(offer.Id, offer.Name, offer.Kind));
    }
}
