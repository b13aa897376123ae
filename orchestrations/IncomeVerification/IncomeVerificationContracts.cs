using LifeWindow.Domain.Time;

namespace LifeWindow.Orchestrations.IncomeVerification;

/// <summary>
/// Starts one verification per application (instance id <see cref="IncomeVerificationOrchestrator.InstanceIdFor"/>).
/// <see cref="Policy"/> is copied from configuration when the instance starts and <see cref="CodeVersion"/> names
/// the orchestrator code path it started on, so neither a policy change nor a new code path alters an instance in flight.
/// </summary>
public sealed record IncomeVerificationInput(
    string ApplicationId,
    string CustomerKey,
    decimal DeclaredMonthlyIncome,
    IncomeVerificationPolicy Policy,
    int CodeVersion = IncomeVerificationOrchestrator.CurrentCodeVersion);

/// <summary>
/// What <see cref="GatherIncomeActivity"/> reads: one customer's profile over the policy's lookback, for one income
/// source (none from instances of code version 1, whose activity name says it).
/// </summary>
public sealed record GatherIncomeInput(string CustomerKey, YearMonth AsOf, int LookbackMonths, IncomeSource? Source = null);

/// <summary>What <see cref="ReconcileIncomeActivity"/> reconciles; <see cref="CustomerKey"/> (absent in histories from before the audit log) names whose audit chain records the verdict.</summary>
public sealed record ReconcileIncomeInput(decimal DeclaredMonthlyIncome, IReadOnlyList<SourceEstimate> Estimates, IncomeVerificationPolicy Policy, string? CustomerKey = null);

/// <summary>An event that answers one wait: it must echo that wait's round id or it is discarded.</summary>
public interface IRoundEvent
{
    string RoundId { get; }
}

/// <summary>External event <see cref="IncomeVerificationOrchestrator.DocumentsSubmittedEvent"/>.</summary>
public sealed record DocumentsSubmitted(string RoundId, IReadOnlyList<string> DocumentIds, string SubmittedBy, DateTimeOffset SubmittedAt) : IRoundEvent;

public enum ReviewDecision
{
    Approved,
    Rejected,
}

/// <summary>External event <see cref="IncomeVerificationOrchestrator.ReviewCompletedEvent"/>; the reviewer may set the verified income.</summary>
public sealed record ReviewCompleted(string RoundId, ReviewDecision Decision, decimal? VerifiedMonthlyIncome, string ReviewerId, string? Note, DateTimeOffset ReviewedAt) : IRoundEvent;

public enum IncomeVerificationOutcome
{
    /// <summary>The sources confirm the declared income within the policy's threshold; no documents needed.</summary>
    Verified,

    /// <summary>Documents came in and a reviewer approved.</summary>
    Approved,

    /// <summary>Documents came in and a reviewer rejected.</summary>
    Rejected,

    /// <summary>No documents after every request.</summary>
    DocumentsTimedOut,

    /// <summary>Documents came in but no reviewer decided in time.</summary>
    ReviewTimedOut,
}

public sealed record IncomeVerificationResult(
    string ApplicationId,
    string CustomerKey,
    IncomeVerificationOutcome Outcome,
    decimal DeclaredMonthlyIncome,
    decimal? VerifiedMonthlyIncome,
    decimal Confidence,
    decimal? DiscrepancyPct,
    IReadOnlyList<string> Evidence,
    IReadOnlyList<SourceEstimate> Sources,
    IReadOnlyList<string> DocumentIds,
    string? ReviewerId,
    string PolicyVersion,
    int CodeVersion,
    DateTimeOffset CompletedAt);

/// <summary>Stages of <see cref="IncomeVerificationStatus.Stage"/>.</summary>
public static class IncomeVerificationStages
{
    public const string Gathering = nameof(Gathering);
    public const string AwaitingDocuments = nameof(AwaitingDocuments);
    public const string AwaitingReview = nameof(AwaitingReview);
    public const string Completed = nameof(Completed);
}

/// <summary>Custom status: the stage, and while waiting the round id callers must echo and the wait's deadline.</summary>
public sealed record IncomeVerificationStatus(
    string Stage,
    string? RoundId,
    DateTimeOffset? WaitingUntil,
    decimal? VerifiedMonthlyIncome,
    decimal? DiscrepancyPct,
    string PolicyVersion);
