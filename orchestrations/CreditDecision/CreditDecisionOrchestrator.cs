using LifeWindow.Domain.Credit;
using LifeWindow.Integration.Credit;
using LifeWindow.Integration.Exposure;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

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

    public override async Task<CreditDecisionResult> RunAsync(TaskOrchestrationContext context, CreditDecisionInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger<CreditDecisionOrchestrator>();
        var policy = input.Policy;
        var appliedAt = input.AppliedAt ?? context.CurrentUtcDateTime;
        var holdId = context.InstanceId;

        ApplicantFacts applicant = null!;
        CreditEvaluation evaluation = null!;
        var held = false;
        for (var attempt = 1; attempt <= MaxHoldAttempts && !held; attempt++)
        {
            context.SetCustomStatus(new CreditDecisionStatus("Loading", null, [], null));
            applicant = await context.CallActivityAsync<ApplicantFacts>(
                nameof(LoadApplicantActivity), new LoadApplicantInput(input.ApplicationId, input.CustomerKey, appliedAt, policy.VelocityWindowDays), StoreRetry);
            evaluation = CreditEvaluator.Evaluate(policy, applicant, input.RequestedAmount);
            if (evaluation.Outcome != CreditOutcome.Approve)
            {
                break;
            }

            context.SetCustomStatus(new CreditDecisionStatus("Holding", evaluation.ApprovedAmount, [], null));
            var now = context.CurrentUtcDateTime;
            var hold = await context.CallActivityAsync<HoldResult>(
                nameof(PlaceHoldActivity),
                new HoldRequest(input.CustomerKey, applicant.CoOwners, holdId, evaluation.ApprovedAmount, evaluation.UnsecuredCap, now, now + policy.HoldLifetime),
                StoreRetry);
            held = hold.Status is HoldStatus.Placed or HoldStatus.AlreadyPlaced;
            if (!held)
            {
                logger.LogWarning("Decision {DecisionId}: the room was taken by another decision ({Status}, room {Room}); evaluating again", holdId, hold.Status, hold.Room);
            }
        }

        var outcome = evaluation.Outcome;
        var reasons = evaluation.ReasonCodes.ToList();
        var approvers = new List<string>();
        if (outcome == CreditOutcome.Approve && !held)
        {
            outcome = CreditOutcome.Refer;
            reasons.Insert(0, CreditReasons.HoldConflict);
        }
        else if (outcome == CreditOutcome.Approve && evaluation.ApprovedAmount > policy.AuthorityLimit)
        {
            var verdict = await AwaitFourEyesAsync(context, policy, evaluation.ApprovedAmount, approvers);
            if (verdict != Verdict.Approved)
            {
                await context.CallActivityAsync<bool>(nameof(ReleaseHoldActivity), new HoldReference(input.CustomerKey, holdId, context.CurrentUtcDateTime), StoreRetry);
                held = false;
                outcome = verdict == Verdict.Rejected ? CreditOutcome.Decline : CreditOutcome.Refer;
                reasons.Insert(0, verdict == Verdict.Rejected ? CreditReasons.ApproverRejected : CreditReasons.ApprovalTimeout);
            }
        }

        var approved = outcome == CreditOutcome.Approve;
        context.SetCustomStatus(new CreditDecisionStatus("Recording", approved ? evaluation.ApprovedAmount : null, approvers, null));
        await context.CallActivityAsync<bool>(
            nameof(RecordDecisionActivity),
            new CreditDecisionRecord
            {
                DecisionId = holdId,
                ApplicationId = input.ApplicationId,
                CustomerKey = input.CustomerKey,
                Product = input.Product,
                Outcome = outcome,
                RequestedAmount = input.RequestedAmount,
                ApprovedAmount = approved ? evaluation.ApprovedAmount : 0,
                AnnualRatePct = approved ? evaluation.AnnualRatePct : 0,
                ReasonCodes = reasons,
                Evaluation = evaluation,
                CoOwners = applicant.CoOwners,
                Approvers = approvers,
                HoldId = held ? holdId : null,
                PolicyVersion = policy.Version,
                DecidedAt = context.CurrentUtcDateTime,
            },
            StoreRetry);

        logger.LogInformation("Decision {DecisionId}: {Outcome} {Amount} under policy {PolicyVersion}", holdId, outcome, approved ? evaluation.ApprovedAmount : 0, policy.Version);
        context.SetCustomStatus(new CreditDecisionStatus("Completed", approved ? evaluation.ApprovedAmount : null, approvers, null));
        return new CreditDecisionResult(
            holdId,
            input.ApplicationId,
            outcome,
            approved ? evaluation.ApprovedAmount : 0,
            approved ? evaluation.AnnualRatePct : 0,
            reasons,
            held ? holdId : null,
            approvers,
            policy.Version);
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
            if (approvers.Contains(submitted.ApproverId, StringComparer.Ordinal))
            {
                logger.LogWarning("Decision {DecisionId}: approver {ApproverId} already approved; a second verdict from the same approver is ignored", context.InstanceId, submitted.ApproverId);
                continue;
            }

            if (submitted.Decision == ApprovalDecision.Reject)
            {
                logger.LogInformation("Decision {DecisionId}: rejected by {ApproverId}", context.InstanceId, submitted.ApproverId);
                return Verdict.Rejected;
            }

            approvers.Add(submitted.ApproverId);
            if (approvers.Count >= 2)
            {
                return Verdict.Approved;
            }

            context.SetCustomStatus(new CreditDecisionStatus(stage, amount, [.. approvers], deadline));
        }

        logger.LogWarning("Decision {DecisionId}: {Rounds} verdicts without two different approvers; referring", context.InstanceId, MaxApprovalRounds);
        return Verdict.TimedOut;
    }
}
