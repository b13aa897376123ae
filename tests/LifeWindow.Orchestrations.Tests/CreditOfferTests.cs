using LifeWindow.Integration.Audit;
using LifeWindow.Domain.Credit;
using LifeWindow.Integration.Credit;

namespace LifeWindow.Orchestrations.Tests;

internal static class CreditOffers
{
    /// <summary>Provident base 18,000 (Normal) and payroll 17,000 a month: MonthlyIncome 18,000 verifies (17,500) and a 10万 line is approved at 4.35%.</summary>
    public static Task SeedIncomeAsync(RunningHost host, string customer) =>
        IncomeVerificationTestData.SaveProfileAsync(host, customer, IncomeVerificationTestData.Salaried());
}

/// <summary>
/// Credit offers on the real DTFx engine: income verification and the credit decision run as sub-orchestrations
/// of the offer workflow, and the hold the decision places is confirmed or released by the CRM's outcome.
/// Policy timeouts are seconds, so the waits that would take days end here in a test's time.
/// </summary>
public sealed class CreditOfferTests : IAsyncLifetime
{
    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync(overrides: new Dictionary<string, string?>(OfferOrchestratorTests.NoQuietHours)
    {
        ["Policies:IncomeVerification:DocumentsTimeout"] = "00:00:01",
        ["Policies:IncomeVerification:ReviewTimeout"] = "00:00:01",
        ["Policies:IncomeVerification:DocumentRequests"] = "1",
        ["Policies:Credit:ApprovalTimeout"] = "00:00:01",
    });

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<Window> StartAsync(string customer, string offerId = "LimitUpgradeReview", bool income = true)
    {
        if (income)
        {
            await CreditOffers.SeedIncomeAsync(host, customer);
        }

        await OfferOrchestratorTests.GrantConsentsAsync(host, customer);
        var window = OfferOrchestratorTests.NewWindow(customer, DateTimeOffset.UtcNow, TimeSpan.FromDays(30), offerId);
        Assert.True(await host.Get<IWindowStore>().TryAddAsync(window, CancellationToken.None));
        await new DurableWorkflowGateway(host.Get<DurableTaskClient>()).StartOfferAsync(window, CancellationToken.None);
        return window;
    }

    /// <summary>A credit offer started and waiting for the CRM's outcome, with the approved 100,000 held on the customer's limit.</summary>
    private async Task<Window> StartHeldAsync(string customer)
    {
        var window = await StartAsync(customer);
        await AwaitingOutcomeAsync(window.WindowId);
        Assert.Equal(100_000m, (await ExposureOf(customer)).ActiveHolds(DateTimeOffset.UtcNow));
        return window;
    }

    private Task AwaitingOutcomeAsync(string instanceId) => WorkflowWaits.StageAsync(host, instanceId, "AwaitingOutcome");

    private Task<OfferResult> ResultAsync(string instanceId) => WorkflowWaits.ResultAsync<OfferResult>(host, instanceId);

    private Task<CustomerExposure> ExposureOf(string customer) => host.Get<IExposureStore>().GetAsync(customer, CancellationToken.None);

    private Task<RaiseOutcome> OutcomeAsync(Window window, LeadOutcome outcome) =>
        new DurableWorkflowGateway(host.Get<DurableTaskClient>()).RaiseCrmOutcomeAsync(
            window.WindowId, new CrmOutcome(Lead.IdFor(window.WindowId), outcome, "RM-9", DateTimeOffset.UtcNow, null), CancellationToken.None);

    /// <summary>
    /// The customer has declared no income: the credit offer is not pre-decided on a figure they never gave. No income
    /// verification or credit decision runs, no limit is held, and the lead goes to the relationship manager, who takes
    /// the application; the plan's audit record says why.
    /// </summary>
    [Fact]
    public async Task CreditOffer_NoIncomeDeclared_LeadWithoutPreApprovalAndNothingHeld()
    {
        await IncomeVerificationTestData.SaveProfileAsync(host, "k6-undeclared", IncomeVerificationTestData.Salaried() with { DeclaredIncome = null });
        var window = await StartAsync("k6-undeclared", income: false);
        await AwaitingOutcomeAsync(window.WindowId);

        var lead = (await host.Get<ILeadStore>().GetAsync(window.CustomerKey, Lead.IdFor(window.WindowId), CancellationToken.None))!.Lead;
        Assert.Null(lead.Credit);
        Assert.Null(await host.Get<DurableTaskClient>().GetInstanceAsync("iv-" + window.WindowId));
        Assert.Null(await host.Get<DurableTaskClient>().GetInstanceAsync("cd-" + window.WindowId));
        Assert.Equal(0m, (await ExposureOf("k6-undeclared")).ActiveHolds(DateTimeOffset.UtcNow));
        var planned = await host.Get<IAuditLog>().ReadForCustomerAsync("k6-undeclared", CancellationToken.None).ToListAsync();
        Assert.Contains("NoDeclaredIncome", Assert.Single(planned, r => r.Entry.Kind == AuditKinds.OfferPlanned).Entry.ReasonCodes);
    }

    /// <summary>
    /// A customer who declared 40,000 a month where the provident fund and payroll say 17,500 is sent for documents; the
    /// reviewer approves 3,000 a month, and the credit decision is taken on that figure: the line is cut to what 3,000
    /// carries, not the 100,000 an honest declaration of 18,000 gets (<see cref="CreditOffer_ApprovedWithinAuthority_LeadCarriesAmountAndRate_AcceptedConfirmsTheHold"/>).
    /// </summary>
    [Fact]
    public async Task CreditOffer_OverDeclared_SentForDocuments_TheReviewersIncomeDecidesTheCredit()
    {
        await using var patient = await RunningHost.StartAsync(overrides: OfferOrchestratorTests.NoQuietHours); // documents and review may take days
        await IncomeVerificationTestData.SaveProfileAsync(patient, "k6-over", IncomeVerificationTestData.Salaried() with
        {
            DeclaredIncome = new DeclaredIncome(40_000m, LifeWindow.Domain.Feeds.Bank.DeclarationChannel.RelationshipManager, DateTimeOffset.UtcNow.AddDays(-2), "ev-declared-40000"),
        });
        await patient.GrantConsentsAsync("k6-over");
        var window = OfferOrchestratorTests.NewWindow("k6-over", DateTimeOffset.UtcNow, TimeSpan.FromDays(30));
        Assert.True(await patient.Get<IWindowStore>().TryAddAsync(window, CancellationToken.None));
        await new DurableWorkflowGateway(patient.Get<DurableTaskClient>()).StartOfferAsync(window, CancellationToken.None);
        var verification = "iv-" + window.WindowId;
        var income = new IncomeVerificationClient(patient.Get<DurableTaskClient>());

        using (var started = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (await patient.Get<DurableTaskClient>().GetInstanceAsync(verification, started.Token) is null)
            {
                await Task.Delay(25, started.Token); // the offer workflow starts the verification as a sub-orchestration
            }
        }

        var (_, awaiting) = await IncomeVerificationTestData.WaitForStageAsync(patient, verification, IncomeVerificationStages.AwaitingDocuments);
        Assert.Equal(128.57m, awaiting.DiscrepancyPct); // |40,000 − 17,500| / 17,500
        await income.SubmitDocumentsAsync(verification, new DocumentsSubmitted(awaiting.RoundId!, ["doc-payslips"], "ops-1", DateTimeOffset.UtcNow), CancellationToken.None);
        var (_, review) = await IncomeVerificationTestData.WaitForStageAsync(patient, verification, IncomeVerificationStages.AwaitingReview);
        await income.SubmitReviewAsync(verification, new ReviewCompleted(review.RoundId!, ReviewDecision.Approved, 3_000m, "reviewer-7", "payslips show 3,000", DateTimeOffset.UtcNow), CancellationToken.None);
        await WorkflowWaits.StageAsync(patient, window.WindowId, "AwaitingOutcome");

        var decision = (await patient.Get<DurableTaskClient>().GetInstanceAsync("cd-" + window.WindowId, getInputsAndOutputs: true))!;
        Assert.Equal(3_000m, decision.ReadInputAs<CreditDecisionInput>()!.VerifiedMonthlyIncome);
        var credit = (await patient.Get<ILeadStore>().GetAsync(window.CustomerKey, Lead.IdFor(window.WindowId), CancellationToken.None))!.Lead.Credit!;
        Assert.Equal(CreditOutcome.Approve, credit.Decision);
        Assert.True(credit.ApprovedAmount < 100_000m, $"approved {credit.ApprovedAmount}");
        Assert.Contains(CreditReasons.AmountReduced, credit.ReasonCodes);
    }

    [Fact]
    public async Task CreditOffer_ApprovedWithinAuthority_LeadCarriesAmountAndRate_AcceptedConfirmsTheHold()
    {
        var window = await StartAsync("k6-ok");
        await AwaitingOutcomeAsync(window.WindowId);

        var lead = (await host.Get<ILeadStore>().GetAsync(window.CustomerKey, Lead.IdFor(window.WindowId), CancellationToken.None))!.Lead;
        Assert.Equal((CreditOutcome.Approve, 100_000m, 4.35m, "cd-" + window.WindowId), (lead.Credit!.Decision, lead.Credit.ApprovedAmount, lead.Credit.AnnualRatePct, lead.Credit.DecisionId));
        Assert.Contains("预授信额度10万元，年利率4.35%", lead.Script, StringComparison.Ordinal);
        Assert.Contains("预授信额度10万元", Assert.Single(host.Get<CrmSink>().Leads).Body.GetProperty("script").GetString(), StringComparison.Ordinal);
        var income = await host.Get<DurableTaskClient>().GetInstanceAsync("iv-" + window.WindowId, getInputsAndOutputs: true);
        Assert.Equal(IncomeVerificationOutcome.Verified, income!.ReadOutputAs<IncomeVerificationResult>()!.Outcome);
        Assert.Equal(18_000m, income.ReadInputAs<IncomeVerificationInput>()!.DeclaredMonthlyIncome);
        Assert.Equal(100_000m, (await ExposureOf("k6-ok")).ActiveHolds(DateTimeOffset.UtcNow));

        Assert.Equal(RaiseOutcome.Raised, await OutcomeAsync(window, LeadOutcome.Accepted));
        var result = await ResultAsync(window.WindowId);

        Assert.Equal(LeadOutcome.Accepted, result.Outcome);
        var exposure = await ExposureOf("k6-ok");
        Assert.Equal((0m, 100_000m), (exposure.ActiveHolds(DateTimeOffset.UtcNow), exposure.Consumer));
    }

    /// <summary>A risk signal suppresses the window while its lead waits: the lead is withdrawn and the held limit freed.</summary>
    [Fact]
    public async Task CreditOffer_WindowSuppressedWhileWaiting_WithdrawsTheLeadAndReleasesTheHold()
    {
        var window = await StartHeldAsync("k6-sup");

        // What the feed consumer does when a risk signal holds: store the state, tell the workflow.
        await host.Get<IWindowStore>().SetStateAsync(window.CustomerKey, window.WindowId, WindowState.Suppressed, DateTimeOffset.UtcNow, CancellationToken.None);
        await new DurableWorkflowGateway(host.Get<DurableTaskClient>()).NotifyWindowClosedAsync(window, WindowState.Suppressed, "Suppressed: risk signal rule RepaymentStress holds.", CancellationToken.None);
        var result = await ResultAsync(window.WindowId);

        Assert.Equal(LeadOutcome.Withdrawn, result.Outcome);
        Assert.Equal(LeadOutcome.Withdrawn, (await host.Get<ILeadStore>().GetAsync(window.CustomerKey, Lead.IdFor(window.WindowId), CancellationToken.None))!.Outcome);
        Assert.Equal(WindowState.Suppressed, (await host.Get<IWindowStore>().GetAsync(window.CustomerKey, window.WindowId, CancellationToken.None))!.State);
        Assert.Equal(0m, (await ExposureOf("k6-sup")).ActiveHolds(DateTimeOffset.UtcNow));

        // The CRM had the lead: the outbox tells it, as a lifewindow.lead.withdrawn event, within a dispatch or two.
        var leadId = Lead.IdFor(window.WindowId);
        var sink = host.Get<CrmSink>();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!sink.Withdrawals.Any(w => w.LeadId == leadId))
        {
            await Task.Delay(100, wait.Token);
        }

        // The dispatcher settles the entry as Sent just after the CRM's answer, so the sink may have it a moment before.
        var outbox = host.Get<LifeWindow.Integration.Outbox.ILeadOutbox>();
        var withdrawal = await outbox.GetAsync(window.CustomerKey, leadId, LifeWindow.Integration.Outbox.LeadEventKind.Withdrawn, CancellationToken.None);
        while (withdrawal?.Status == LifeWindow.Integration.Outbox.OutboxStatus.Pending && !wait.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
            withdrawal = await outbox.GetAsync(window.CustomerKey, leadId, LifeWindow.Integration.Outbox.LeadEventKind.Withdrawn, CancellationToken.None);
        }

        Assert.Equal(LifeWindow.Integration.Outbox.OutboxStatus.Sent, withdrawal!.Status);
        Assert.StartsWith("WindowSuppressed", withdrawal.Reason, StringComparison.Ordinal);
        Assert.Single(sink.Withdrawals, w => w.LeadId == leadId);
    }

    [Fact]
    public async Task CreditOffer_CrmDeclined_ReleasesTheHold()
    {
        var window = await StartHeldAsync("k6-no");

        Assert.Equal(RaiseOutcome.Raised, await OutcomeAsync(window, LeadOutcome.Declined));
        var result = await ResultAsync(window.WindowId);

        Assert.Equal(LeadOutcome.Declined, result.Outcome);
        var exposure = await ExposureOf("k6-no");
        Assert.Equal((0m, 0m), (exposure.ActiveHolds(DateTimeOffset.UtcNow), exposure.Consumer));
        Assert.NotNull(exposure.Hold("cd-" + window.WindowId)); // released, not forgotten
    }

    [Fact]
    public async Task CreditOffer_IncomeNotVerified_NoLead()
    {
        // An income declared, but no source at all to check it against: documents are requested, none arrive before the (1 s) timeout.
        await IncomeVerificationTestData.SaveProfileAsync(host, "k6-noincome", new ProfileView
        {
            DeclaredIncome = new DeclaredIncome(18_000m, LifeWindow.Domain.Feeds.Bank.DeclarationChannel.App, DateTimeOffset.UtcNow.AddDays(-1), "ev-declared"),
        });
        var window = await StartAsync("k6-noincome", income: false);

        var result = await ResultAsync(window.WindowId);

        Assert.Null(result.LeadId);
        Assert.StartsWith("IncomeNotVerified: DocumentsTimedOut", result.NotContactedReason, StringComparison.Ordinal);
        Assert.Null(await host.Get<DurableTaskClient>().GetInstanceAsync("cd-" + window.WindowId));
        Assert.Empty(host.Get<CrmSink>().Leads);
    }

    [Fact]
    public async Task CreditOffer_CreditDeclined_NoLeadWithTheReasonCodesAndNothingHeld()
    {
        await host.Get<ICreditBlacklist>().AddAsync("k6-black", "fraud ring", DateTimeOffset.UtcNow, CancellationToken.None);
        var window = await StartAsync("k6-black");

        var result = await ResultAsync(window.WindowId);

        Assert.Null(result.LeadId);
        Assert.StartsWith("CreditDeclined: ", result.NotContactedReason, StringComparison.Ordinal);
        var decision = (await host.Get<DurableTaskClient>().GetInstanceAsync("cd-" + window.WindowId, getInputsAndOutputs: true))!.ReadOutputAs<CreditDecisionResult>()!;
        Assert.Equal(CreditOutcome.Decline, decision.Outcome);
        Assert.Equal("CreditDeclined: " + string.Join(", ", decision.ReasonCodes), result.NotContactedReason);
        Assert.Equal(0m, (await ExposureOf("k6-black")).ActiveHolds(DateTimeOffset.UtcNow));
        Assert.Empty(host.Get<CrmSink>().Leads);
    }

    [Fact]
    public async Task CreditOffer_Referred_LeadGoesToTheRelationshipManagerWithTheReferReasons_NothingHeld()
    {
        // A stricter scorecard (approve from 2000 points): the same customer is referred instead of approved.
        await using var strict = await RunningHost.StartAsync(overrides: new Dictionary<string, string?>(OfferOrchestratorTests.NoQuietHours)
        {
            ["Policies:Credit:Scorecard:ApproveScore"] = "2000",
            ["Policies:Credit:Scorecard:ReferScore"] = "0",
        });
        var (previous, current) = (host, strict);
        host = current;
        try
        {
            var window = await StartAsync("k6-refer");
            await AwaitingOutcomeAsync(window.WindowId);

            var lead = (await host.Get<ILeadStore>().GetAsync(window.CustomerKey, Lead.IdFor(window.WindowId), CancellationToken.None))!.Lead;
            Assert.Equal((CreditOutcome.Refer, 0m), (lead.Credit!.Decision, lead.Credit.ApprovedAmount));
            Assert.Equal(CreditReasons.ScoreLow, lead.Credit.ReasonCodes[0]);
            Assert.Contains("额度以审批结果为准", lead.Script, StringComparison.Ordinal);
            Assert.Equal(0m, (await ExposureOf("k6-refer")).ActiveHolds(DateTimeOffset.UtcNow));
        }
        finally
        {
            host = previous;
        }
    }

    [Fact]
    public async Task WealthOffer_SkipsIncomeVerificationAndCreditDecision()
    {
        var window = await StartAsync("k6-wealth", offerId: "WealthOutreach", income: false);
        await AwaitingOutcomeAsync(window.WindowId);

        var lead = (await host.Get<ILeadStore>().GetAsync(window.CustomerKey, Lead.IdFor(window.WindowId), CancellationToken.None))!.Lead;
        Assert.Null(lead.Credit);
        Assert.Null(await host.Get<DurableTaskClient>().GetInstanceAsync("iv-" + window.WindowId));
        Assert.Null(await host.Get<DurableTaskClient>().GetInstanceAsync("cd-" + window.WindowId));
    }
}

public sealed class RequestedAmountTests
{
    private static readonly RuleCatalog Catalog = RuleCatalogLoader.LoadDefault();

    private static TagSet Tags(params (string Name, decimal Value)[] tags) =>
        new(DateTimeOffset.UtcNow, tags.Select(t => Tag.Of(t.Name, t.Value, new DateOnly(2026, 1, 1))));

    [Theory]
    [InlineData(5_000_000, 3_000_000, 1_500_000)] // 70% of 500万 = 350万, minus the 200万 balance
    [InlineData(20_000_000, 19_000_000, 5_000_000)] // 1300万 of room, capped at 500万
    [InlineData(5_000_000, 1_000_000, 300_000)] // no room (balance 400万 > 350万): the catalog amount
    public void HomeEquityLoan_SeventyPercentOfTheAppraisalMinusTheBalance_Capped(decimal propertyValue, decimal netEquity, decimal expected) =>
        Assert.Equal(expected, PlanOfferActivity.RequestedAmount(Catalog.Offer("HomeEquityLoan"), Tags((TagNames.PropertyValue, propertyValue), (TagNames.NetEquity, netEquity))));

    [Fact]
    public void OtherCreditOffers_AndHomeEquityWithoutPropertyTags_AskForTheCatalogAmount()
    {
        Assert.Equal(300_000m, PlanOfferActivity.RequestedAmount(Catalog.Offer("HomeEquityLoan"), Tags()));
        Assert.Equal(300_000m, PlanOfferActivity.RequestedAmount(Catalog.Offer("DecorationLoanPreApproval"), Tags()));
        Assert.Equal(100_000m, PlanOfferActivity.RequestedAmount(Catalog.Offer("LimitUpgradeReview"), Tags()));
        Assert.Equal(50_000m, PlanOfferActivity.RequestedAmount(Catalog.Offer("TravelConsumptionLoan"), Tags()));
    }
}
