using LifeWindow.Domain.Leads;
using LifeWindow.Integration.Crm;
using LifeWindow.Integration.Storage;
using Microsoft.DurableTask;

namespace LifeWindow.Orchestrations.Offer;

/// <summary>
/// Stores the lead (first write wins, so a retry sends the very text we hold) and posts it to the CRM
/// with the lead id as the idempotency key. Safe to run more than once.
/// </summary>
public sealed class DeliverLeadActivity(ILeadStore leads, CrmClient crm) : TaskActivity<DeliverLeadInput, LeadDelivered>
{
    public override async Task<LeadDelivered> RunAsync(TaskActivityContext context, DeliverLeadInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var window = input.Window;
        var lead = await leads.SaveAsync(
            new Lead
            {
                LeadId = Lead.IdFor(window.WindowId),
                WindowId = window.WindowId,
                CustomerKey = window.CustomerKey,
                RuleId = window.RuleId,
                CatalogVersion = window.CatalogVersion,
                OfferId = input.Offer.OfferId,
                OfferName = input.Offer.Name,
                OfferKind = input.Offer.Kind,
                Category = window.Category,
                Script = input.Script,
                Reasons = window.Reasons,
                Evidence = window.Evidence,
                CreatedAt = input.CreatedAt,
                RespondBy = window.ClosesAt,
                Credit = input.Credit,
            },
            CancellationToken.None).ConfigureAwait(false);

        var receipt = await crm.DeliverLeadAsync(lead, CancellationToken.None).ConfigureAwait(false);
        return new LeadDelivered(lead.LeadId, receipt.StatusCode);
    }
}
