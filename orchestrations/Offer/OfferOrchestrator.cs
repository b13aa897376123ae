namespace LifeWindow.Orchestrations.Offer;

/// <summary>
/// One per window (instance id = window id): plan (window still open, arbitration over the candidate offers,
/// consent and contact rules), for a credit offer verify income and decide credit as sub-orchestrations (the
/// approved amount is held until the customer accepts, released otherwise), render the talking script and pass it through the compliance filter, wait out
/// quiet hours on a durable timer, deliver the lead to the CRM, then wait for the CRM's outcome until the
/// window closes. A window that may not be acted on ends the workflow with the reason, and no lead.
/// </summary>
public sealed class OfferOrchestrator : TaskOrchestrator<OfferInput, OfferResult>
{
    public const string CrmOutcomeEvent = "CrmOutcome";

    public const string WindowClosedEvent = "WindowClosed";

    public const string LeadDeliveredEvent = "LeadDelivered";

    /// <summary>
    /// The code path new instances start on. 2: the quiet-hours and outcome waits also listen for
    /// <see cref="WindowClosedEvent"/>. 3: the lead leaves through the outbox (<see cref="EnqueueLeadActivity"/>), the
    /// workflow waits for <see cref="LeadDeliveredEvent"/> instead of failing when the CRM is down, and a window that
    /// closes under a delivered lead withdraws it. Instances of earlier versions replay on their own path.
    /// </summary>
    public const int CurrentCodeVersion = 3;

    /// <summary>Versions 1 and 2 only: CRM outages longer than the HTTP client's own retries are ridden out here, durably.</summary>
    private static readonly TaskOptions DeliveryRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6,
        firstRetryInterval: TimeSpan.FromSeconds(10),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(10)));

    /// <summary>Storage reads (profile, leads, windows) get a few quick retries.</summary>
    private static readonly TaskOptions StorageRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2));

    /// <summary>The workflow: plan; for a credit offer, check credit (and hold the amount); contact; settle the hold.</summary>
    public override async Task<OfferResult> RunAsync(TaskOrchestrationContext context, OfferInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var window = input.Window;
        context.SetCustomStatus(new OfferStatus("Planning", null));
        var plan = await context.CallActivityAsync<OfferPlan>(nameof(PlanOfferActivity), window, StorageRetry);
        if (plan.Offer is not { } offer || plan.Contact.Verdict == ContactVerdict.Refused)
        {
            return NotContacted(context, window.WindowId, plan.Offer?.OfferId, plan.Contact.Reason);
        }

        var check = offer.Kind == OfferKind.Credit && plan.Credit is { } application ? await CheckCreditAsync(context, window, offer, application) : CreditCheck.NotNeeded;
        if (check.NotContactedReason is { } refused)
        {
            return NotContacted(context, window.WindowId, offer.OfferId, refused);
        }

        try
        {
            var result = await ContactAsync(context, input, plan, offer, check.Credit);
            await SettleHoldAsync(context, window, check.HoldId, accepted: result.Outcome == LeadOutcome.Accepted);
            return result;
        }
        catch (TaskFailedException) when (check.HoldId is not null)
        {
            // A failure after the hold was placed must not leave it: free it, then fail as before.
            await ReleaseHoldAsync(context, window.CustomerKey, check.HoldId);
            throw;
        }
    }

    /// <summary>
    /// Credit offers: income verification ("iv-" + window id), then the credit decision ("cd-" + window id), as
    /// sub-orchestrations. Income not Verified/Approved or a Decline ends the offer without a lead; Refer sends
    /// the lead to the relationship manager with the refer reasons; Approve carries the amount and rate (and a hold).
    /// A failed sub-orchestration ends the offer without a lead, after releasing any hold the decision placed.
    /// </summary>
    private static async Task<CreditCheck> CheckCreditAsync(TaskOrchestrationContext context, Window window, OfferChoice offer, CreditPlan application)
    {
        var (incomeRefused, verifiedIncome) = await VerifyIncomeAsync(context, window, application);
        return incomeRefused is null ? await DecideCreditAsync(context, window, offer, application, verifiedIncome) : CreditCheck.Refused(incomeRefused);
    }

    /// <summary>Runs income verification: the income it established when Verified or Approved, else why the offer ends.</summary>
    private static async Task<(string? Refused, decimal? VerifiedIncome)> VerifyIncomeAsync(TaskOrchestrationContext context, Window window, CreditPlan application)
    {
        context.SetCustomStatus(new OfferStatus("VerifyingIncome", null));
        IncomeVerificationResult income;
        try
        {
            income = await context.CallSubOrchestratorAsync<IncomeVerificationResult>(
                nameof(IncomeVerificationOrchestrator),
                new IncomeVerificationInput(window.WindowId, window.CustomerKey, application.DeclaredMonthlyIncome, application.IncomePolicy),
                new SubOrchestrationOptions { InstanceId = IncomeVerificationOrchestrator.InstanceIdFor(window.WindowId) });
        }
        catch (TaskFailedException e)
        {
            context.CreateReplaySafeLogger<OfferOrchestrator>().LogWarning("Window {WindowId}: income verification failed: {Error}", window.WindowId, e.Message);
            return ("IncomeVerificationFailed: " + (e.FailureDetails?.ErrorMessage ?? e.Message), null);
        }

        return income.Outcome is IncomeVerificationOutcome.Verified or IncomeVerificationOutcome.Approved
            ? (null, income.VerifiedMonthlyIncome)
            : (string.Create(CultureInfo.InvariantCulture, $"IncomeNotVerified: {income.Outcome} (declared {income.DeclaredMonthlyIncome}, verified {income.VerifiedMonthlyIncome?.ToString(CultureInfo.InvariantCulture) ?? "none"})"), null);
    }

    /// <summary>Runs the credit decision; a Decline or a failure frees whatever hold it placed and ends the offer.</summary>
    private static async Task<CreditCheck> DecideCreditAsync(TaskOrchestrationContext context, Window window, OfferChoice offer, CreditPlan application, decimal? verifiedIncome)
    {
        context.SetCustomStatus(new OfferStatus("DecidingCredit", null));
        var decisionId = CreditDecisionInput.InstanceIdFor(window.WindowId);
        CreditDecisionResult decision;
        try
        {
            decision = await context.CallSubOrchestratorAsync<CreditDecisionResult>(
                nameof(CreditDecisionOrchestrator),
                new CreditDecisionInput(window.WindowId, window.CustomerKey, application.RequestedAmount, offer.OfferId, application.CreditPolicy, context.CurrentUtcDateTime, verifiedIncome),
                new SubOrchestrationOptions { InstanceId = decisionId });
        }
        catch (TaskFailedException e)
        {
            // The decision may have placed its hold (hold id = its instance id) before failing: release is idempotent.
            context.CreateReplaySafeLogger<OfferOrchestrator>().LogWarning("Window {WindowId}: credit decision failed: {Error}", window.WindowId, e.Message);
            await ReleaseHoldAsync(context, window.CustomerKey, decisionId);
            return CreditCheck.Refused("CreditDecisionFailed: " + (e.FailureDetails?.ErrorMessage ?? e.Message));
        }

        if (decision.Outcome == CreditOutcome.Decline)
        {
            await ReleaseHoldAsync(context, window.CustomerKey, decision.HoldId);
            return CreditCheck.Refused("CreditDeclined: " + string.Join(", ", decision.ReasonCodes));
        }

        var credit = new LeadCredit(decision.Outcome, decision.ApprovedAmount, decision.AnnualRatePct, decision.ReasonCodes, decision.DecisionId);
        return new CreditCheck(credit, decision.HoldId, null);
    }

    /// <summary>Accepted: the held amount becomes a balance (confirmed). Anything else (declined, expired, unreachable, no lead at all) frees it.</summary>
    private static async Task SettleHoldAsync(TaskOrchestrationContext context, Window window, string? holdId, bool accepted)
    {
        if (holdId is null)
        {
            return;
        }

        if (accepted)
        {
            await context.CallActivityAsync<bool>(nameof(ConfirmHoldActivity), new HoldReference(window.CustomerKey, holdId, context.CurrentUtcDateTime), StorageRetry);
        }
        else
        {
            await ReleaseHoldAsync(context, window.CustomerKey, holdId);
        }

        context.CreateReplaySafeLogger<OfferOrchestrator>().LogInformation("Window {WindowId}: hold {HoldId} {Action}", window.WindowId, holdId, accepted ? "confirmed" : "released");
    }

    /// <summary>The one place a credit hold is freed (idempotent: releasing a released or unknown hold changes nothing).</summary>
    private static async Task ReleaseHoldAsync(TaskOrchestrationContext context, string customerKey, string? holdId)
    {
        if (holdId is not null)
        {
            await context.CallActivityAsync<bool>(nameof(ReleaseHoldActivity), new HoldReference(customerKey, holdId, context.CurrentUtcDateTime), StorageRetry);
        }
    }

    /// <summary>
    /// The offer's contact with the customer: render the script and pass it through the compliance filter, wait out
    /// quiet hours, deliver the lead, then wait for the CRM's outcome. <see cref="OfferPath"/> says, once per
    /// instance, what its code version does differently.
    /// </summary>
    private static async Task<OfferResult> ContactAsync(TaskOrchestrationContext context, OfferInput input, OfferPlan plan, OfferChoice offer, LeadCredit? credit)
    {
        var window = input.Window;
        var path = OfferPath.For(input.CodeVersion);
        var rendered = await context.CallActivityAsync<string>(nameof(RenderTalkingScriptActivity), new RenderScriptInput(window, offer, credit), StorageRetry);
        var compliance = ComplianceFilter.Check(rendered, offer.Kind, plan.Compliance);
        if (!compliance.Approved)
        {
            return NotContacted(context, window.WindowId, offer.OfferId, $"ComplianceRejected: banned claims {string.Join("、", compliance.BannedClaimsFound)}");
        }

        if (await WaitForContactHoursAsync(context, window, plan.Contact, offer, path) is { } deferredPastClose)
        {
            return deferredPastClose;
        }

        var lead = new DeliverLeadInput(window, offer, compliance.Text, context.CurrentUtcDateTime, credit) { TraceParent = input.TraceParent, Model = plan.Model };
        if (!path.ThroughOutbox)
        {
            var delivered = await context.CallActivityAsync<LeadDelivered>(nameof(DeliverLeadActivity), lead, DeliveryRetry);
            return await AwaitOutcomeAsync(context, window, offer, delivered.LeadId, path);
        }

        var queued = await context.CallActivityAsync<LeadQueued>(nameof(EnqueueLeadActivity), lead, StorageRetry);
        if (!queued.Delivered && await AwaitDeliveryAsync(context, window, queued.LeadId) is { } undelivered)
        {
            return undelivered;
        }

        return await AwaitOutcomeAsync(context, window, offer, queued.LeadId, path);
    }

    /// <summary>Quiet hours: waits until contact is allowed; the result of an offer not contacted when the window closes first, else null.</summary>
    private static async Task<OfferResult?> WaitForContactHoursAsync(TaskOrchestrationContext context, Window window, ContactDecision contact, OfferChoice offer, OfferPath path)
    {
        if (contact.NotBefore is not { } notBefore || notBefore <= context.CurrentUtcDateTime)
        {
            return null;
        }

        if (notBefore >= window.ClosesAt)
        {
            return NotContacted(context, window.WindowId, offer.OfferId, $"{contact.Reason}; the window closes before contact is allowed");
        }

        context.SetCustomStatus(new OfferStatus("DeferredUntil " + notBefore.ToString("O", CultureInfo.InvariantCulture), null));
        if (!path.ListensForClose)
        {
            await context.CreateTimer(notBefore.UtcDateTime, CancellationToken.None);
            return null;
        }

        return await WaitOrCloseAsync<object>(context, null, notBefore.UtcDateTime) is { Closed: { } closed }
            ? NotContacted(context, window.WindowId, offer.OfferId, closed.Describe())
            : null;
    }

    /// <summary>The lead is at the CRM: waits for its outcome until the window closes (or is closed under it) and records it.</summary>
    private static async Task<OfferResult> AwaitOutcomeAsync(TaskOrchestrationContext context, Window window, OfferChoice offer, string leadId, OfferPath path)
    {
        context.SetCustomStatus(new OfferStatus("AwaitingOutcome", leadId));
        context.CreateReplaySafeLogger<OfferOrchestrator>().LogInformation("Lead {LeadId} delivered for window {WindowId}; waiting until {ClosesAt}", leadId, window.WindowId, window.ClosesAt);
        CrmOutcome? outcome;
        WindowClosedNotice? closed = null;
        if (path.ListensForClose)
        {
            var waited = await WaitOrCloseAsync<CrmOutcome>(context, CrmOutcomeEvent, window.ClosesAt.UtcDateTime);
            (outcome, closed) = (waited.Event as CrmOutcome, waited.Closed);
        }
        else
        {
            outcome = await WaitForOutcomeAsync(context, window.ClosesAt.UtcDateTime);
        }

        if (closed is not null && path.ThroughOutbox)
        {
            await context.CallActivityAsync<bool>(nameof(CloseLeadActivity), new CloseLeadInput(window.CustomerKey, leadId, closed.Describe()), StorageRetry);
        }

        var result = outcome ?? new CrmOutcome(leadId, closed is null ? LeadOutcome.Expired : LeadOutcome.Withdrawn, string.Empty, context.CurrentUtcDateTime, closed?.Reason);
        await context.CallActivityAsync(
            nameof(RecordOutcomeActivity),
            new RecordOutcomeInput(window.CustomerKey, window.WindowId, leadId, result.Outcome, context.CurrentUtcDateTime),
            StorageRetry);
        context.SetCustomStatus(new OfferStatus("Completed", leadId));
        return new OfferResult(window.WindowId, leadId, offer.OfferId, result.Outcome, outcome?.RmId, context.CurrentUtcDateTime);
    }

    /// <summary>
    /// The CRM did not take the lead at once: the outbox keeps trying (a CRM outage delays the lead, never fails the
    /// workflow). Waits for its delivery or the window's close; null once delivered, else the result of a lead that
    /// never reached the CRM (cancelled in the outbox, outcome Withdrawn or Expired).
    /// </summary>
    private static async Task<OfferResult?> AwaitDeliveryAsync(TaskOrchestrationContext context, Window window, string leadId)
    {
        context.SetCustomStatus(new OfferStatus("AwaitingDelivery", leadId));
        var waited = await WaitOrCloseAsync<LeadDeliveredNotice>(context, LeadDeliveredEvent, window.ClosesAt.UtcDateTime);
        if (waited.Event is not null)
        {
            return null;
        }

        var (outcome, reason) = waited.Closed is { } closed
            ? (LeadOutcome.Withdrawn, closed.Describe())
            : (LeadOutcome.Expired, "WindowExpired: the CRM did not take the lead before the window closed");
        await context.CallActivityAsync<bool>(nameof(CloseLeadActivity), new CloseLeadInput(window.CustomerKey, leadId, reason), StorageRetry);
        await context.CallActivityAsync(nameof(RecordOutcomeActivity), new RecordOutcomeInput(window.CustomerKey, window.WindowId, leadId, outcome, context.CurrentUtcDateTime), StorageRetry);
        context.CreateReplaySafeLogger<OfferOrchestrator>().LogWarning("Lead {LeadId} of window {WindowId} never reached the CRM: {Reason}", leadId, window.WindowId, reason);
        context.SetCustomStatus(new OfferStatus("Completed", leadId) { Reason = reason });
        return new OfferResult(window.WindowId, leadId, null, outcome, null, context.CurrentUtcDateTime) { NotContactedReason = reason };
    }

    private static OfferResult NotContacted(TaskOrchestrationContext context, string windowId, string? offerId, string reason)
    {
        context.CreateReplaySafeLogger<OfferOrchestrator>().LogInformation("Window {WindowId}: no lead ({Reason})", windowId, reason);
        context.SetCustomStatus(new OfferStatus("NotContacted", null) { Reason = reason });
        return new OfferResult(windowId, null, offerId, null, null, context.CurrentUtcDateTime) { NotContactedReason = reason };
    }

    /// <summary>What the credit check gives the contact: the lead's credit terms and the hold to settle, or why there is no lead.</summary>
    private sealed record CreditCheck(LeadCredit? Credit, string? HoldId, string? NotContactedReason)
    {
        public static CreditCheck NotNeeded { get; } = new(null, null, null);

        public static CreditCheck Refused(string reason) => new(null, null, reason);
    }

    /// <summary>
    /// What an instance's code version does differently, decided once (instances replay on the path they started on):
    /// from 2 the waits also listen for <see cref="WindowClosedEvent"/>; from 3 the lead leaves through the outbox.
    /// </summary>
    private sealed record OfferPath(bool ListensForClose, bool ThroughOutbox)
    {
        public static OfferPath For(int codeVersion) => new(ListensForClose: codeVersion >= 2, ThroughOutbox: codeVersion >= 3);
    }

    /// <summary>
    /// Waits for <paramref name="eventName"/> (none: just the time), the deadline, or the window being closed under
    /// the workflow (suppressed or superseded), whichever comes first; the losing waits are cancelled so that
    /// nothing late is taken by a later wait.
    /// </summary>
    private static async Task<(object? Event, WindowClosedNotice? Closed)> WaitOrCloseAsync<TEvent>(TaskOrchestrationContext context, string? eventName, DateTime deadlineUtc)
    {
        if (deadlineUtc <= context.CurrentUtcDateTime)
        {
            return (null, null);
        }

        using var cancel = new CancellationTokenSource();
        var closedTask = context.WaitForExternalEvent<WindowClosedNotice>(WindowClosedEvent, cancel.Token);
        var timerTask = context.CreateTimer(deadlineUtc, cancel.Token);
        Task<TEvent>? eventTask = eventName is null ? null : context.WaitForExternalEvent<TEvent>(eventName, cancel.Token);
        var first = eventTask is null ? await Task.WhenAny(closedTask, timerTask) : await Task.WhenAny(closedTask, timerTask, eventTask);
#pragma warning disable CA1849 // CancelAsync runs callbacks on the thread pool, off the orchestration's single-threaded scheduler.
        cancel.Cancel();
#pragma warning restore CA1849
        return first == closedTask ? (null, await closedTask)
            : eventTask is not null && first == eventTask ? (await eventTask, null)
            : (null, null);
    }

    /// <summary>Version 1 only: waits for the CRM outcome or the window's close time; the losing wait is cancelled.</summary>
    private static async Task<CrmOutcome?> WaitForOutcomeAsync(TaskOrchestrationContext context, DateTime closesAtUtc)
    {
        if (closesAtUtc <= context.CurrentUtcDateTime)
        {
            return null;
        }

        using var cancel = new CancellationTokenSource();
        var outcomeTask = context.WaitForExternalEvent<CrmOutcome>(CrmOutcomeEvent, cancel.Token);
        var closeTask = context.CreateTimer(closesAtUtc, cancel.Token);
        var first = await Task.WhenAny(outcomeTask, closeTask);
#pragma warning disable CA1849 // CancelAsync runs callbacks on the thread pool, off the orchestration's single-threaded scheduler.
        cancel.Cancel();
#pragma warning restore CA1849
        return first == outcomeTask ? await outcomeTask : null;
    }
}
