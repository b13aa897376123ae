namespace LifeWindow.Orchestrations.LimitReview;

/// <summary>
/// One per limit-review risk window (instance id = window id, docs/risk-side.md): read the customer's revolving lines and
/// fix the plan, freeze or cut them, notify the RM, then wait until the signal clears — the window closing Cleared (the
/// feed consumer sees its rule stop holding) or, as a fallback, a review date on a durable timer that finds it no longer
/// holding — and let go of the lines: the last signal to let go restores the limit. Every step is audited.
/// </summary>
public sealed class LimitReviewOrchestrator : TaskOrchestrator<LimitReviewInput, LimitReviewResult>
{
    /// <summary>Storage reads and writes get a few quick retries; each activity is idempotent by window id.</summary>
    private static readonly TaskOptions StorageRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2));

    public override async Task<LimitReviewResult> RunAsync(TaskOrchestrationContext context, LimitReviewInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var window = input.Window;
        context.SetCustomStatus(new LimitReviewStatus("Reading"));
        var plan = await context.CallActivityAsync<LimitReviewPlan>(nameof(ReadCreditLinesActivity), window, StorageRetry);
        IReadOnlyList<LineOutcome> applied = [];
        if (plan.Lines.Count > 0)
        {
            context.SetCustomStatus(new LimitReviewStatus("Applying"));
            applied = await context.CallActivityAsync<IReadOnlyList<LineOutcome>>(nameof(ApplyLimitActionActivity), new ApplyLimitInput(window, plan.Action, plan.CutPct, [.. plan.Lines.Select(l => l.AccountId)], context.CurrentUtcDateTime), StorageRetry);
        }

        // The RM hears of the signal either way: with no line there is nothing to freeze, but the warning stands.
        context.SetCustomStatus(new LimitReviewStatus("NotifyingRm"));
        await context.CallActivityAsync<RmNotified>(nameof(NotifyRelationshipManagerActivity), new NotifyRmInput(window, plan.Action, applied, context.CurrentUtcDateTime) { TraceParent = input.TraceParent }, StorageRetry);
        if (plan.Lines.Count == 0)
        {
            return Done(context, window, "NoRevolvingLine", null, [], [], "the customer has no active revolving line; the RM was notified");
        }

        if (await AwaitClearingAsync(context, window, plan) is not { } cleared)
        {
            return Done(context, window, "Lapsed", plan.Action, applied, [], $"the signal still held after {plan.MaxReviews} reviews; the line stays under review for the RM");
        }

        context.SetCustomStatus(new LimitReviewStatus("Restoring"));
        var released = await context.CallActivityAsync<IReadOnlyList<LineOutcome>>(nameof(RestoreLimitActivity), new RestoreLimitInput(window, cleared, context.CurrentUtcDateTime), StorageRetry);
        var outcome = released.Any(l => l.Change == LineChangeKind.Restored) ? "Restored" : "Released";
        return Done(context, window, outcome, plan.Action, applied, released, cleared);
    }

    /// <summary>
    /// Waits for the window to close Cleared or for the review date, whichever comes first; a review date (or another close)
    /// asks whether the rule still holds. The reason the signal cleared, or null when it held through the last review.
    /// </summary>
    private static async Task<string?> AwaitClearingAsync(TaskOrchestrationContext context, Window window, LimitReviewPlan plan)
    {
        for (var review = 1; review <= plan.MaxReviews; review++)
        {
            var reviewAt = context.CurrentUtcDateTime.Add(plan.ReviewAfter);
            context.SetCustomStatus(new LimitReviewStatus("Waiting") { Reason = string.Create(CultureInfo.InvariantCulture, $"review {review} at {reviewAt:O}") });
            using var cancel = new CancellationTokenSource();
            var closed = context.WaitForExternalEvent<WindowClosedNotice>(OfferOrchestrator.WindowClosedEvent, cancel.Token);
            var timer = context.CreateTimer(reviewAt, cancel.Token);
            var first = await Task.WhenAny(closed, timer);
#pragma warning disable CA1849 // CancelAsync runs callbacks on the thread pool, off the orchestration's single-threaded scheduler.
            cancel.Cancel();
#pragma warning restore CA1849
            if (first == closed && (await closed) is { State: WindowState.Cleared } notice)
            {
                return notice.Describe();
            }

            var check = await context.CallActivityAsync<SignalCheck>(nameof(CheckRiskSignalActivity), new CheckSignalInput(window, review, context.CurrentUtcDateTime), StorageRetry);
            if (!check.StillHolds)
            {
                return string.Create(CultureInfo.InvariantCulture, $"ReviewFoundCleared: review {review} found {window.RuleId} no longer holding");
            }
        }

        return null;
    }

    private static LimitReviewResult Done(TaskOrchestrationContext context, Window window, string outcome, LimitAction? action, IReadOnlyList<LineOutcome> applied, IReadOnlyList<LineOutcome> released, string reason)
    {
        context.CreateReplaySafeLogger<LimitReviewOrchestrator>().LogInformation("Window {WindowId}: limit review {Outcome} ({Reason})", window.WindowId, outcome, reason);
        context.SetCustomStatus(new LimitReviewStatus("Completed") { Reason = outcome + ": " + reason });
        return new LimitReviewResult(window.WindowId, outcome, action, applied, released, reason, context.CurrentUtcDateTime);
    }
}
