using LifeWindow.Domain.Time;

namespace LifeWindow.Orchestrations.IncomeVerification;

/// <summary>
/// One per application (instance id "iv-" + application id): gather the four income sources in parallel,
/// reconcile them, and when declared and verified income differ by more than the policy allows, request
/// documents (up to <see cref="IncomeVerificationPolicy.DocumentRequests"/> times) and then a manual review.
/// <para>
/// Every wait has a round id (instance id, stage, counter) that the event must echo. An event for another
/// round — typically one that arrived after its own wait had timed out, which the Durable runtime would
/// otherwise hand to the next wait for the same event name — is logged and discarded, and the wait goes on
/// until its own deadline.
/// </para>
/// </summary>
public sealed class IncomeVerificationOrchestrator : TaskOrchestrator<IncomeVerificationInput, IncomeVerificationResult>
{
    public const string DocumentsSubmittedEvent = "DocumentsSubmitted";
    public const string ReviewCompletedEvent = "ReviewCompleted";

    /// <summary>
    /// The code path new instances start on (stored in their input). A change that alters the sequence of
    /// activities, timers or waits bumps this and keeps the old path for instances that started on it.
    /// 2: one <see cref="GatherIncomeActivity"/> per source instead of four activities (version 1 still calls
    /// their names, <see cref="GatherIncomeActivity.LegacyNames"/>).
    /// </summary>
    public const int CurrentCodeVersion = 2;

    /// <summary>The income sources, in the order the reconciliation receives their estimates.</summary>
    private static readonly IncomeSource[] Sources = [IncomeSource.ProvidentFund, IncomeSource.Payroll, IncomeSource.TaxDeclarations, IncomeSource.Invoices];

    public const string InstancePrefix = "iv-";

    /// <summary>Stale events one round discards before it stops listening (keeps the history bounded).</summary>
    public const int MaxStaleEventsPerRound = 20;

    /// <summary>Profile reads ride out storage hiccups durably, beyond the storage client's own retries.</summary>
    private static readonly TaskOptions ReadRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(1)));

    public static string InstanceIdFor(string applicationId) => InstancePrefix + applicationId;

    public static string RoundIdFor(string instanceId, string stage, int round) =>
        string.Create(CultureInfo.InvariantCulture, $"{instanceId}:{stage}:{round}");

    /// <summary>The workflow: gather and reconcile; when the discrepancy is too large, documents, then a manual review.</summary>
    public override async Task<IncomeVerificationResult> RunAsync(TaskOrchestrationContext context, IncomeVerificationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var reconciled = await GatherAndReconcileAsync(context, input);
        if (!reconciled.NeedsDocuments)
        {
            return Complete(context, input, reconciled, IncomeVerificationOutcome.Verified, reconciled.VerifiedMonthlyIncome, null, null);
        }

        var documents = await RequestDocumentsAsync(context, input, reconciled);
        if (documents is null)
        {
            return Complete(context, input, reconciled, IncomeVerificationOutcome.DocumentsTimedOut, reconciled.VerifiedMonthlyIncome, null, null);
        }

        var policy = input.Policy;
        var reviewRound = RoundIdFor(context.InstanceId, "review", 1);
        var reviewDeadline = context.CurrentUtcDateTime + policy.ReviewTimeout;
        context.SetCustomStatus(new IncomeVerificationStatus(
            IncomeVerificationStages.AwaitingReview, reviewRound, Utc(reviewDeadline), reconciled.VerifiedMonthlyIncome, reconciled.DiscrepancyPct, policy.Version));
        var review = await WaitForRoundAsync<ReviewCompleted>(context, ReviewCompletedEvent, reviewRound, reviewDeadline);
        if (review is null)
        {
            return Complete(context, input, reconciled, IncomeVerificationOutcome.ReviewTimedOut, reconciled.VerifiedMonthlyIncome, documents, null);
        }

        // An approval without a figure accepts the reconciled income, or with no data at all the declared one the documents support.
        return review.Decision == ReviewDecision.Approved
            ? Complete(context, input, reconciled, IncomeVerificationOutcome.Approved, review.VerifiedMonthlyIncome ?? reconciled.VerifiedMonthlyIncome ?? input.DeclaredMonthlyIncome, documents, review)
            : Complete(context, input, reconciled, IncomeVerificationOutcome.Rejected, reconciled.VerifiedMonthlyIncome, documents, review);
    }

    /// <summary>The four sources' estimates, gathered in parallel, reconciled against the declared income.</summary>
    private static async Task<IncomeReconciliation> GatherAndReconcileAsync(TaskOrchestrationContext context, IncomeVerificationInput input)
    {
        var policy = input.Policy;
        context.SetCustomStatus(new IncomeVerificationStatus(IncomeVerificationStages.Gathering, null, null, null, null, policy.Version));
        var asOf = YearMonth.From(BusinessClock.ToBusinessDate(new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero)));
        var gather = new GatherIncomeInput(input.CustomerKey, asOf, policy.LookbackMonths);
        var estimates = await Task.WhenAll(Sources.Select(source => input.CodeVersion >= 2
            ? context.CallActivityAsync<SourceEstimate>(nameof(GatherIncomeActivity), gather with { Source = source }, ReadRetry)
            : context.CallActivityAsync<SourceEstimate>(GatherIncomeActivity.LegacyNames.Single(n => n.Value == source).Key, gather, ReadRetry)));
        var reconciled = await context.CallActivityAsync<IncomeReconciliation>(
            nameof(ReconcileIncomeActivity), new ReconcileIncomeInput(input.DeclaredMonthlyIncome, estimates, policy, input.CustomerKey));
        context.CreateReplaySafeLogger<IncomeVerificationOrchestrator>().LogInformation(
            "Income of application {ApplicationId}: verified {Verified} with confidence {Confidence}, discrepancy {DiscrepancyPct}% (policy {PolicyVersion})",
            input.ApplicationId, reconciled.VerifiedMonthlyIncome, reconciled.Confidence, reconciled.DiscrepancyPct, policy.Version);
        return reconciled;
    }

    /// <summary>Asks for documents, up to the policy's number of rounds; null when every round ran out.</summary>
    private static async Task<DocumentsSubmitted?> RequestDocumentsAsync(TaskOrchestrationContext context, IncomeVerificationInput input, IncomeReconciliation reconciled)
    {
        var policy = input.Policy;
        DocumentsSubmitted? documents = null;
        for (var request = 1; request <= policy.DocumentRequests && documents is null; request++)
        {
            var round = RoundIdFor(context.InstanceId, "documents", request);
            var deadline = context.CurrentUtcDateTime + policy.DocumentsTimeout;
            context.SetCustomStatus(new IncomeVerificationStatus(
                IncomeVerificationStages.AwaitingDocuments, round, Utc(deadline), reconciled.VerifiedMonthlyIncome, reconciled.DiscrepancyPct, policy.Version));
            context.CreateReplaySafeLogger<IncomeVerificationOrchestrator>().LogInformation("Application {ApplicationId}: documents requested (round {RoundId}) until {Deadline}", input.ApplicationId, round, deadline);
            documents = await WaitForRoundAsync<DocumentsSubmitted>(context, DocumentsSubmittedEvent, round, deadline);
        }

        return documents;
    }

    /// <summary>
    /// Waits for the event of this round until the deadline. Events of other rounds are discarded; when the
    /// wait ends, both the timer and the pending event wait are cancelled so neither outlives it.
    /// </summary>
    private static async Task<T?> WaitForRoundAsync<T>(TaskOrchestrationContext context, string eventName, string roundId, DateTime deadline)
        where T : class, IRoundEvent
    {
        var logger = context.CreateReplaySafeLogger<IncomeVerificationOrchestrator>();
        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer(deadline, cancel.Token);
        try
        {
            for (var discarded = 0; discarded < MaxStaleEventsPerRound; discarded++)
            {
                var received = context.WaitForExternalEvent<T>(eventName, cancel.Token);
                if (await Task.WhenAny(received, timer) == timer)
                {
                    logger.LogWarning("{EventName} round {RoundId} timed out at {Deadline}", eventName, roundId, deadline);
                    return null;
                }

                var answer = await received;
                if (string.Equals(answer?.RoundId, roundId, StringComparison.Ordinal))
                {
                    return answer;
                }

                logger.LogWarning("Discarded {EventName} for round {StaleRoundId} while waiting for round {RoundId}", eventName, answer?.RoundId, roundId);
            }

            // Bounded history: past this many stale events the round no longer listens and just runs out.
            logger.LogWarning("{EventName} round {RoundId}: {Count} stale events discarded; waiting out the round", eventName, roundId, MaxStaleEventsPerRound);
            await timer;
            return null;
        }
        finally
        {
#pragma warning disable CA1849 // CancelAsync runs callbacks on the thread pool, off the orchestration's single-threaded scheduler.
            cancel.Cancel();
#pragma warning restore CA1849
        }
    }

    private static IncomeVerificationResult Complete(
        TaskOrchestrationContext context,
        IncomeVerificationInput input,
        IncomeReconciliation reconciled,
        IncomeVerificationOutcome outcome,
        decimal? verified,
        DocumentsSubmitted? documents,
        ReviewCompleted? review)
    {
        context.SetCustomStatus(new IncomeVerificationStatus(
            IncomeVerificationStages.Completed, null, null, verified, reconciled.DiscrepancyPct, input.Policy.Version));
        return new IncomeVerificationResult(
            input.ApplicationId,
            input.CustomerKey,
            outcome,
            input.DeclaredMonthlyIncome,
            verified,
            reconciled.Confidence,
            reconciled.DiscrepancyPct,
            reconciled.Evidence,
            reconciled.Sources,
            documents?.DocumentIds ?? [],
            review?.ReviewerId,
            input.Policy.Version,
            input.CodeVersion,
            Utc(context.CurrentUtcDateTime));
    }

    private static DateTimeOffset Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
