namespace LifeWindow.Orchestrations.CreditDecision;

/// <summary>
/// A credit application as the workflow receives it. <see cref="Policy"/> is captured when the decision
/// starts, so a later policy change never alters an in-flight decision's replay. <see cref="VerifiedMonthlyIncome"/>
/// is the income an income verification established (its reconciliation, or a reviewer's figure); the decision uses
/// it rather than the profile's income estimate, which is built from the very sources the verification checks.
/// </summary>
public sealed record CreditDecisionInput(
    string ApplicationId,
    string CustomerKey,
    decimal RequestedAmount,
    string Product,
    CreditPolicy Policy,
    DateTimeOffset? AppliedAt = null,
    decimal? VerifiedMonthlyIncome = null)
{
    public const string InstancePrefix = "cd-";

    /// <summary>Deterministic: one application, one decision, however often it is submitted.</summary>
    public static string InstanceIdFor(string applicationId) => InstancePrefix + applicationId;
}

/// <summary>What <see cref="LoadApplicantActivity"/> loads; a verified income, when given, stands in for the profile's estimate.</summary>
public sealed record LoadApplicantInput(string ApplicationId, string CustomerKey, DateTimeOffset AppliedAt, int VelocityWindowDays, decimal? VerifiedMonthlyIncome = null);

/// <summary>A hold to release or confirm (hold id = the decision's instance id).</summary>
public sealed record HoldReference(string CustomerKey, string HoldId, DateTimeOffset At);

public enum ApprovalDecision
{
    Approve,
    Reject,
}

/// <summary>External event <see cref="CreditDecisionOrchestrator.ApprovalEvent"/>: one approver's verdict.</summary>
public sealed record ApprovalSubmitted(string ApproverId, ApprovalDecision Decision, string? Comment);

/// <summary>Custom status: the stage (Loading, Holding, AwaitingApproval, Escalated, Recording, Completed) and the approvals so far.</summary>
public sealed record CreditDecisionStatus(string Stage, decimal? Amount, IReadOnlyList<string> Approvers, DateTimeOffset? WaitingUntil)
{
    public const string AwaitingApproval = nameof(AwaitingApproval);
    public const string Escalated = nameof(Escalated);

    public bool IsAwaitingApproval => Stage is AwaitingApproval or Escalated;
}

public sealed record CreditDecisionResult(
    string DecisionId,
    string ApplicationId,
    CreditOutcome Outcome,
    decimal ApprovedAmount,
    decimal AnnualRatePct,
    IReadOnlyList<string> ReasonCodes,
    string? HoldId,
    IReadOnlyList<string> Approvers,
    string PolicyVersion);
