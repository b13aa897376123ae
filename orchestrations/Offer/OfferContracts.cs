using LifeWindow.Domain.Demand;

namespace LifeWindow.Orchestrations.Offer;

/// <param name="CodeVersion">The orchestrator's code path the instance started on (instances from before version 2 have none: 1).</param>
public sealed record OfferInput(Window Window, int CodeVersion = 1)
{
    /// <summary>The W3C traceparent of the span that started the workflow (the trace of the record that opened the window); the lead continues it.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>The window was suppressed or superseded after the workflow started (raised by the feed consumer).</summary>
public sealed record WindowClosedNotice(WindowState State, string Reason)
{
    /// <summary>The reason a workflow gives when its window closed under it, e.g. "WindowSuppressed: …".</summary>
    public string Describe() => $"Window{State}: {Reason}";
}

public sealed record OfferChoice(string OfferId, string Name, OfferKind Kind);

public sealed record RenderScriptInput(Window Window, OfferChoice Offer, LeadCredit? Credit = null);

public sealed record DeliverLeadInput(Window Window, OfferChoice Offer, string Script, DateTimeOffset CreatedAt, LeadCredit? Credit = null)
{
    /// <summary>The workflow's trace (<see cref="OfferInput.TraceParent"/>): the outbox entry keeps it and the CRM's CloudEvent carries it.</summary>
    public string? TraceParent { get; init; }

    /// <summary>The demand model's score, version and experiment arm (from the plan); null when no model is configured.</summary>
    public ModelVerdict? Model { get; init; }

    /// <summary>The lead this input decides (its id from the window id).</summary>
    public Lead ToLead() => new()
    {
        LeadId = Lead.IdFor(Window.WindowId),
        WindowId = Window.WindowId,
        CustomerKey = Window.CustomerKey,
        RuleId = Window.RuleId,
        CatalogVersion = Window.CatalogVersion,
        OfferId = Offer.OfferId,
        OfferName = Offer.Name,
        OfferKind = Offer.Kind,
        Category = Window.Category,
        Script = Script,
        Reasons = Window.Reasons,
        Evidence = Window.Evidence,
        CreatedAt = CreatedAt,
        RespondBy = Window.ClosesAt,
        Credit = Credit,
        Model = Model,
    };
}

public sealed record LeadDelivered(string LeadId, int CrmStatusCode);

/// <summary>The lead is in the outbox; <paramref name="Delivered"/> when the first, immediate attempt reached the CRM.</summary>
public sealed record LeadQueued(string LeadId, bool Delivered);

/// <summary>Raised by the outbox dispatcher when the CRM has taken the lead.</summary>
public sealed record LeadDeliveredNotice(string LeadId);

/// <summary>The window closed under the lead: cancel its delivery, or withdraw it from the CRM if it was delivered.</summary>
public sealed record CloseLeadInput(string CustomerKey, string LeadId, string Reason);

public sealed record RecordOutcomeInput(string CustomerKey, string WindowId, string LeadId, LeadOutcome Outcome, DateTimeOffset At);

/// <summary>The workflow's result: the lead and its outcome, or (no lead) why the customer was not contacted.</summary>
public sealed record OfferResult(string WindowId, string? LeadId, string? OfferId, LeadOutcome? Outcome, string? RmId, DateTimeOffset CompletedAt)
{
    public string? NotContactedReason { get; init; }
}

/// <summary>Custom status while the workflow waits for the CRM.</summary>
public sealed record OfferStatus(string Stage, string? LeadId)
{
    public string? Reason { get; init; }
}

/// <summary>
/// What the workflow may do for its window, decided once at its start (see PlanOfferActivity); <paramref name="Model"/> is
/// the demand model's verdict when a model is configured.
/// </summary>
public sealed record OfferPlan(
    WindowState WindowState,
    OfferChoice? Offer,
    IReadOnlyList<ExcludedOffer> Excluded,
    ContactDecision Contact,
    string ContactPolicyVersion,
    CompliancePolicy Compliance,
    CreditPlan? Credit = null,
    ModelVerdict? Model = null);

/// <summary>
/// A credit offer's application, fixed at planning: the customer's declared monthly income (their MonthlyIncome
/// tag; 0 when unknown), the amount requested, and both policies read once from configuration, so an in-flight
/// workflow replays with the policies it started with.
/// </summary>
public sealed record CreditPlan(decimal DeclaredMonthlyIncome, decimal RequestedAmount, IncomeVerificationPolicy IncomePolicy, CreditPolicy CreditPolicy);
