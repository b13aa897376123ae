namespace LifeWindow.Orchestrations;

/// <summary>
/// Every orchestrator and activity, by name. The local host registers these with DTFx; the Functions
/// app has one trigger per entry (a test checks both lists agree).
/// </summary>
public static class WorkflowRegistry
{
    public static readonly IReadOnlyList<Type> Orchestrators = [typeof(OfferOrchestrator), typeof(IncomeVerificationOrchestrator), typeof(CreditDecisionOrchestrator), typeof(LimitReviewOrchestrator)];

    public static readonly IReadOnlyList<Type> Activities =
    [
        typeof(PlanOfferActivity),
        typeof(RenderTalkingScriptActivity),
        typeof(DeliverLeadActivity),
        typeof(EnqueueLeadActivity),
        typeof(CloseLeadActivity),
        typeof(RecordOutcomeActivity),
        typeof(GatherIncomeActivity),
        typeof(ReconcileIncomeActivity),
        typeof(LoadApplicantActivity),
        typeof(PlaceHoldActivity),
        typeof(ReleaseHoldActivity),
        typeof(ConfirmHoldActivity),
        typeof(RecordDecisionActivity),
        typeof(ReadCreditLinesActivity),
        typeof(ApplyLimitActionActivity),
        typeof(NotifyRelationshipManagerActivity),
        typeof(CheckRiskSignalActivity),
        typeof(RestoreLimitActivity),
    ];

    /// <summary>
    /// Activity names that instances started on an earlier code version still call, and the class that now runs them
    /// (it reads the name from its context). Kept until no instance of that version is in flight.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Type> LegacyActivities =
        GatherIncomeActivity.LegacyNames.Keys.ToDictionary(name => name, _ => typeof(GatherIncomeActivity), StringComparer.Ordinal);
}
