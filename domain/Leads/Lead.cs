using LifeWindow.Domain.Credit;
using LifeWindow.Domain.Demand;

namespace LifeWindow.Domain.Leads;

/// <summary>
/// What the bank's CRM receives: an explainable lead with the exact talking script the relationship
/// manager will use. The lead id derives from the window id, so it doubles as the idempotency key.
/// </summary>
public sealed record Lead
{
    public required string LeadId { get; init; }

    public required string WindowId { get; init; }

    public required string CustomerKey { get; init; }

    public required string RuleId { get; init; }

    public required string CatalogVersion { get; init; }

    public required string OfferId { get; init; }

    public required string OfferName { get; init; }

    /// <summary>The offer's kind (contact rules count marketing contacts per product and kind).</summary>
    public OfferKind OfferKind { get; init; } = OfferKind.Credit;

    /// <summary>The window's category: only Marketing leads count against the marketing-contact cap.</summary>
    public RuleCategory Category { get; init; } = RuleCategory.Marketing;

    public required string Script { get; init; }

    public required IReadOnlyList<string> Reasons { get; init; }

    public required IReadOnlyList<string> Evidence { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The window closes then; an outcome after it is too late.</summary>
    public required DateTimeOffset RespondBy { get; init; }

    /// <summary>Credit offers: the credit decision behind the lead (approved amount and rate, or the refer reason); null otherwise.</summary>
    public LeadCredit? Credit { get; init; }

    /// <summary>The demand model's score (P(convert | contacted)), its version and the experiment arm; null when the host runs no model.</summary>
    public ModelVerdict? Model { get; init; }

    public static string IdFor(string windowId) => "lead-" + windowId;

    public static string? WindowIdFrom(string leadId) =>
        leadId.StartsWith("lead-w-", StringComparison.Ordinal) ? leadId["lead-".Length..] : null;
}

/// <summary>
/// The credit decision a credit lead carries: Approve with the approved amount (CNY) and annual rate (percent),
/// or Refer (amounts 0) with the ranked reason codes the relationship manager should look at.
/// </summary>
public sealed record LeadCredit(CreditOutcome Decision, decimal ApprovedAmount, decimal AnnualRatePct, IReadOnlyList<string> ReasonCodes, string DecisionId);

/// <summary>What the relationship manager reports back through the CRM.</summary>
public enum LeadOutcome
{
    Accepted,
    Declined,
    Unreachable,

    /// <summary>No outcome before the window closed.</summary>
    Expired,

    /// <summary>The window was suppressed (a risk signal) or superseded while the lead waited: not to be pursued.</summary>
    Withdrawn,
}

/// <summary>The CRM's report on a lead, raised into the offer workflow as an external event.</summary>
public sealed record CrmOutcome(string LeadId, LeadOutcome Outcome, string RmId, DateTimeOffset OccurredAt, string? Note);
