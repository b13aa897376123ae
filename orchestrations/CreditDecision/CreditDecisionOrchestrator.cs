namespace LifeWindow.Orchestrations.CreditDecision;

/// <summary>
/// One per application (instance id "cd-" + application id): load the applicant's household exposure and tags,
/// evaluate the captured policy, hold the approved amount in exposure, get two different approvers above the
/// authority limit, record the decision. The evaluation runs inline: it is a pure function of the activity's
/// output and the policy in the input, so replay gives the same answer and it costs no extra history.
/// </summary>
public sealed class CreditDecisionOrchestrator : TaskOrchestrator<CreditDecisionInput, CreditDecisionResult>
{
    public const string ApprovalEvent = nameof(ApprovalSubmitted);

    /// <summary>Loading or placing a hold again when a racing decision took the room in between.</summary>
    private const int MaxHoldAttempts = 3;

    /// <summary>Bounds the approval loop (history size): this many verdicts and timeouts without two different approvers refers the decision.</summary>
    private const int MaxApprovalRounds = 20;

    /// <summary>Store I/O: ride out throttling and brief outages durably.</summary>
    private static readonly TaskOptions StoreRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5,
        firstRetryInterval: TimeSpan.FromSeconds(1),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(1)));

    private enum Verdict
    {
        Approved,
        Rejected,
        TimedOut,
    }

    /// <summary>The workflow, step by step: evaluate and hold the amount, get four eyes on it when above authority, record the decision.</summary>
    public override async Task<CreditDecisionResult> RunAsync(TaskOrchestrationContext context, CreditDecisionInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var assessed = await EvaluateAndHoldAsync(context, input);
        var decided = await ApproveAsync(context, input, assessed);
        return await RecordAsync(context, input, assessed, decided);
    }

    /// <summary>
    /// Loads the applicant, evaluates the policy and, on Approve, places the hold; when a racing decision took the
    /// room in between, loads and evaluates again (at most <see cref="MaxHoldAttempts"/> times).
    /// </summary>
    private static async Task<Assessment> EvaluateAndHoldAsync(TaskOrchestrationContext context, CreditDecisionInput input)
    {
        var logger = context.CreateReplaySafeLogger<CreditDecisionOrchestrator>();
        var policy = input.Policy;
        var appliedAt = input.AppliedAt ?? context.CurrentUtcDateTime;
        Assessment assessed = null!;
        for (var attempt = 1; attempt <= MaxHoldAttempts; attempt++)
        {
            context.SetCustomStatus(new CreditDecisionStatus("Loading", null, [], null));
            var applicant = await context.CallActivityAsync<ApplicantFacts>(
                nameof(LoadApplicantActivity), new LoadApplicantInput(input.ApplicationId, input.CustomerKey, appliedAt, policy.VelocityWindowDays, input.VerifiedMonthlyIncome), StoreRetry);
            var evaluation = CreditEvaluator.Evaluate(policy, applicant, input.RequestedAmount);
            assessed = new Assessment(applicant, evaluation, Held: false);
            if (evaluation.Outcome != CreditOutcome.Approve)
            {
                return assessed;
            }

            context.SetCustomStatus(new CreditDecisionStatus("Holding", evaluation.ApprovedAmount, [], null));
            var now = context.CurrentUtcDateTime;
            var hold = await context.CallActivityAsync<HoldResult>(
                nameof(PlaceHoldActivity),
                new HoldRequest(input.CustomerKey, applicant.CoOwners, context.InstanceId, evaluation.ApprovedAmount, evaluation.UnsecuredCap, now, now + policy.HoldLifetime),
                StoreRetry);
            if (hold.Status is HoldStatus.Placed or HoldStatus.AlreadyPlaced)
            {
                return assessed with { Held = true };
            }

            logger.LogWarning("Decision {DecisionId}: the room was taken by another decision ({Status}, room {Room}); evaluating again", context.InstanceId, hold.Status, hold.Room);
        }

        return assessed;
    }

    /// <summary>
    /// The outcome after approval: an Approve without a hold is referred (the room is gone); above the authority
    /// limit it needs two different approvers, and a rejection or a timeout frees the hold and declines or refers.
    /// </summary>
    private static async Task<Decided> ApproveAsync(TaskOrchestrationContext context, CreditDecisionInput input, Assessment assessed)
    {
        var evaluation = assessed.Evaluation;
        var reasons = evaluation.ReasonCodes.ToList();
        var approvers = new List<string>();
        if (evaluation.Outcome != CreditOutcome.Approve)
        {
            return new Decided(evaluation.Outcome, reasons, approvers, Held: false);
        }

        if (!assessed.Held)
        {
            reasons.Insert(0, CreditReasons.HoldConflict);
            return new Decided(CreditOutcome.Refer, reasons, approvers, Held: false);
        }

        if (evaluation.ApprovedAmount <= input.Policy.AuthorityLimit)
        {
            return new Decided(CreditOutcome.Approve, reasons, approvers, Held: true);
        }

        var verdict = await AwaitFourEyesAsync(context, input.Policy, evaluation.ApprovedAmount, approvers);
        if (verdict == Verdict.Approved)
        {
            return new Decided(CreditOutcome.Approve, reasons, approvers, Held: true);
        }

        await context.CallActivityAsync<bool>(nameof(ReleaseHoldActivity), new HoldReference(input.CustomerKey, context.InstanceId, context.CurrentUtcDateTime), StoreRetry);
        reasons.Insert(0, verdict == Verdict.Rejected ? CreditReasons.ApproverRejected : CreditReasons.ApprovalTimeout);
        return new Decided(verdict == Verdict.Rejected ? CreditOutcome.Decline : CreditOutcome.Refer, reasons, approvers, Held: false);
    }

    /// <summary>Records the decision (amount and rate only when approved; the hold id only while it is held) and returns it.</summary>
    private static async Task<CreditDecisionResult> RecordAsync(TaskOrchestrationContext context, CreditDecisionInput input, Assessment assessed, Decided decided)
    {
        var (evaluation, policy, decisionId) = (assessed.Evaluation, input.Policy, context.InstanceId);
        var approved = decided.Outcome == CreditOutcome.Approve;
        var amount = approved ? evaluation.ApprovedAmount : 0;
        var rate = approved ? evaluation.AnnualRatePct : 0;
        var holdId = decided.Held ? decisionId : null;
        context.SetCustomStatus(new CreditDecisionStatus("Recording", approved ? amount : null, decided.Approvers, null));
        await context.CallActivityAsync<bool>(
            nameof(RecordDecisionActivity),
            new CreditDecisionRecord
            {
                DecisionId = decisionId,
                ApplicationId = input.ApplicationId,
                CustomerKey = input.CustomerKey,
                Product = input.Product,
                Outcome = decided.Outcome,
                RequestedAmount = input.RequestedAmount,
                ApprovedAmount = amount,
                AnnualRatePct = rate,
                ReasonCodes = decided.Reasons,
                Evaluation = evaluation,
                CoOwners = assessed.Applicant.CoOwners,
                Approvers = decided.Approvers,
                HoldId = holdId,
                PolicyVersion = policy.Version,
                DecidedAt = context.CurrentUtcDateTime,
            },
            StoreRetry);

        context.CreateReplaySafeLogger<CreditDecisionOrchestrator>().LogInformation("Decision {DecisionId}: {Outcome} {Amount} under policy {PolicyVersion}", decisionId, decided.Outcome, amount, policy.Version);
        context.SetCustomStatus(new CreditDecisionStatus("Completed", approved ? amount : null, decided.Approvers, null));
        return new CreditDecisionResult(decisionId, input.ApplicationId, decided.Outcome, amount, rate, decided.Reasons, holdId, decided.Approvers, policy.Version);
    }

    /// <summary>
    /// Four-eyes: two approvals from two different approvers. The same approver again is logged and ignored
    /// (still waiting); one rejection ends it. A wait that reaches the approval timeout escalates (custom status
    /// Escalated) and waits once more as long; a second timeout gives up (the decision is referred), as do
    /// <see cref="MaxApprovalRounds"/> rounds without two different approvals.
    /// One event wait stays outstanding across timer rounds; only the timers are cancelled.
    /// </summary>
    private static async Task<Verdict> AwaitFourEyesAsync(TaskOrchestrationContext context, CreditPolicy policy, decimal amount, List<string> approvers)
    {
        var logger = context.CreateReplaySafeLogger<CreditDecisionOrchestrator>();
        var deadline = context.CurrentUtcDateTime + policy.ApprovalTimeout;
        var stage = CreditDecisionStatus.AwaitingApproval;
        context.SetCustomStatus(new CreditDecisionStatus(stage, amount, [.. approvers], deadline));
        Task<ApprovalSubmitted>? pending = null;
        for (var round = 0; round < MaxApprovalRounds; round++)
        {
            pending ??= context.WaitForExternalEvent<ApprovalSubmitted>(ApprovalEvent);
            using var cancel = new CancellationTokenSource();
            var timer = context.CreateTimer(deadline, cancel.Token);
            var first = await Task.WhenAny(pending, timer);
            if (first == timer)
            {
                if (stage == CreditDecisionStatus.Escalated)
                {
                    logger.LogWarning("Decision {DecisionId}: no second approval after escalation; referring", context.InstanceId);
                    return Verdict.TimedOut;
                }

                stage = CreditDecisionStatus.Escalated;
                deadline = context.CurrentUtcDateTime + policy.ApprovalTimeout;
                logger.LogWarning("Decision {DecisionId}: approval timed out with {Count} of 2 approvals; escalated", context.InstanceId, approvers.Count);
                context.SetCustomStatus(new CreditDecisionStatus(stage, amount, [.. approvers], deadline));
                continue;
            }

#pragma warning disable CA1849 // CancelAsync runs callbacks on the thread pool, off the orchestration's single-threaded scheduler.
            cancel.Cancel();
#pragma warning restore CA1849
            var submitted = await pending;
            pending = null;
            if (Count(context, submitted, approvers) is { } verdict)
            {
                return verdict;
            }

            context.SetCustomStatus(new CreditDecisionStatus(stage, amount, [.. approvers], deadline));
        }

        logger.LogWarning("Decision {DecisionId}: {Rounds} verdicts without two different approvers; referring", context.InstanceId, MaxApprovalRounds);
        return Verdict.TimedOut;
    }

    /// <summary>
    /// Counts one verdict: the same approver again is ignored (null: still waiting), a rejection ends it, a second
    /// different approval approves.
    /// </summary>
    private static Verdict? Count(TaskOrchestrationContext context, ApprovalSubmitted submitted, List<string> approvers)
    {
        var logger = context.CreateReplaySafeLogger<CreditDecisionOrchestrator>();
        if (approvers.Contains(submitted.ApproverId, StringComparer.Ordinal))
        {
            logger.LogWarning("Decision {DecisionId}: approver {ApproverId} already approved; a second verdict from the same approver is ignored", context.InstanceId, submitted.ApproverId);
            return null;
        }

        if (submitted.Decision == ApprovalDecision.Reject)
        {
            logger.LogInformation("Decision {DecisionId}: rejected by {ApproverId}", context.InstanceId, submitted.ApproverId);
            return Verdict.Rejected;
        }

        approvers.Add(submitted.ApproverId);
        return approvers.Count >= 2 ? Verdict.Approved : null;
    }

    /// <summary>What the evaluation found, and whether the approved amount is held in exposure.</summary>
    private sealed record Assessment(ApplicantFacts Applicant, CreditEvaluation Evaluation, bool Held);

    /// <summary>The outcome after approval, its reasons, who approved, and whether the hold still stands.</summary>
    private sealed record Decided(CreditOutcome Outcome, List<string> Reasons, List<string> Approvers, bool Held);
}
