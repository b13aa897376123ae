using static LifeWindow.Orchestrations.Tests.IncomeVerificationTestData;

namespace LifeWindow.Orchestrations.Tests;

/// <summary>The income-verification workflow on the real DTFx engine (in-memory), with short policy timeouts.</summary>
public sealed class IncomeVerificationOrchestratorTests : IAsyncLifetime
{
    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private IncomeVerificationClient Gateway => new(host.Get<DurableTaskClient>());

    private async Task<string> StartAsync(string application, string customer, decimal declared, IncomeVerificationPolicy policy)
    {
        var (instanceId, started) = await Gateway.StartAsync(application, customer, declared, policy, CancellationToken.None);
        Assert.True(started);
        return instanceId;
    }

    private Task RaiseDocumentsAsync(string instanceId, string roundId, params string[] documents) =>
        host.Get<DurableTaskClient>().RaiseEventAsync(
            instanceId, IncomeVerificationOrchestrator.DocumentsSubmittedEvent, new DocumentsSubmitted(roundId, documents, "ops-1", DateTimeOffset.UtcNow));

    [Fact]
    public async Task IncomeVerification_SourcesAgreeWithDeclared_VerifiedWithoutWaiting()
    {
        await SaveProfileAsync(host, "k1-iv-1", Salaried());

        var instanceId = await StartAsync("app-1", "k1-iv-1", 18_000m, Policy());
        var result = await WaitForResultAsync(host, instanceId);

        Assert.Equal("iv-app-1", instanceId);
        Assert.Equal(IncomeVerificationOutcome.Verified, result.Outcome);
        Assert.Equal(17_500m, result.VerifiedMonthlyIncome);
        Assert.Equal(0.70m, result.Confidence);
        Assert.Equal(2.86m, result.DiscrepancyPct);
        Assert.Contains(result.Evidence, e => e.StartsWith("pf-", StringComparison.Ordinal));
        Assert.Contains(result.Evidence, e => e.StartsWith("pay-", StringComparison.Ordinal));
        Assert.Empty(result.DocumentIds);
        Assert.Equal("test-1", result.PolicyVersion);
        Assert.Equal(IncomeVerificationOrchestrator.CurrentCodeVersion, result.CodeVersion);
    }

    /// <summary>
    /// The customer allowed the provident fund's data for marketing but not for credit assessment (granted, then withdrawn
    /// for that purpose alone): the verification gathers nothing from it and rests on payroll only.
    /// </summary>
    [Fact]
    public async Task IncomeVerification_ProvidentFundNotAllowedForCredit_GathersNothingFromIt()
    {
        var consents = Granted(ConsentPurpose.CreditAssessment)
            .Select(c => c.Source == ConsentSource.ProvidentFund ? c with { Action = ConsentAction.Withdrawn, At = DateTimeOffset.UtcNow.AddDays(-1) } : c)
            .Append(new ConsentState(ConsentPurpose.Marketing, ConsentSource.ProvidentFund, null, ConsentAction.Granted, DateTimeOffset.UtcNow.AddDays(-30), "esign-m", "ev-m"));
        await SaveProfileAsync(host, "k1-iv-pf-no", Salaried() with { Consents = [.. consents] });

        var result = await WaitForResultAsync(host, await StartAsync("app-pf-no", "k1-iv-pf-no", 18_000m, Policy()));

        Assert.False(Assert.Single(result.Sources, s => s.Source == IncomeSource.ProvidentFund).HasData);
        Assert.True(Assert.Single(result.Sources, s => s.Source == IncomeSource.Payroll).HasData);
        Assert.DoesNotContain(result.Evidence, e => e.StartsWith("pf-", StringComparison.Ordinal));
        Assert.Contains(result.Evidence, e => e.StartsWith("pay-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IncomeVerification_StartedTwice_OneInstance()
    {
        await SaveProfileAsync(host, "k1-iv-2", Salaried());

        var first = await Gateway.StartAsync("app-2", "k1-iv-2", 18_000m, Policy(), CancellationToken.None);
        var second = await Gateway.StartAsync("app-2", "k1-iv-2", 99_000m, Policy(), CancellationToken.None);

        Assert.True(first.Started);
        Assert.False(second.Started);
        Assert.Equal(18_000m, (await WaitForResultAsync(host, first.InstanceId)).DeclaredMonthlyIncome);
    }

    [Fact]
    public async Task IncomeVerification_ParallelGather_UsesAllFourSourcesEvidence()
    {
        await SaveProfileAsync(host, "k1-iv-3", SalariedWithBusiness());

        var result = await WaitForResultAsync(host, await StartAsync("app-3", "k1-iv-3", 77_500m, Policy()));

        Assert.Equal(IncomeVerificationOutcome.Verified, result.Outcome);
        Assert.Equal(77_500m, result.VerifiedMonthlyIncome);
        Assert.Equal(1m, result.Confidence);
        Assert.All(result.Sources, s => Assert.True(s.HasData, s.Source.ToString()));
        foreach (var prefix in new[] { "pf-", "pay-", "decl-", "inv-" })
        {
            Assert.Contains(result.Evidence, e => e.StartsWith(prefix, StringComparison.Ordinal));
        }

        Assert.Contains("inv-red-1", result.Evidence);
    }

    [Fact]
    public async Task IncomeVerification_InstanceOfCodeVersion1_GathersThroughTheFourLegacyActivityNames()
    {
        await SaveProfileAsync(host, "k1-iv-v1", SalariedWithBusiness());
        var current = await WaitForResultAsync(host, await StartAsync("app-v2", "k1-iv-v1", 77_500m, Policy()));

        // An instance started before the four gather activities became one calls them by their old names, without a source.
        var instanceId = await host.Get<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(
            nameof(IncomeVerificationOrchestrator),
            new IncomeVerificationInput("app-v1", "k1-iv-v1", 77_500m, Policy(), CodeVersion: 1),
            new StartOrchestrationOptions(IncomeVerificationOrchestrator.InstanceIdFor("app-v1")));
        var legacy = await WaitForResultAsync(host, instanceId);

        Assert.Equal(2, IncomeVerificationOrchestrator.CurrentCodeVersion);
        Assert.Equal(1, legacy.CodeVersion);
        Assert.Equal(IncomeVerificationOutcome.Verified, legacy.Outcome);
        Assert.Equal(current.VerifiedMonthlyIncome, legacy.VerifiedMonthlyIncome);
        Assert.Equal(current.Sources.Select(s => (s.Source, s.HasData)), legacy.Sources.Select(s => (s.Source, s.HasData)));
        Assert.Equal(current.Evidence.Order(StringComparer.Ordinal), legacy.Evidence.Order(StringComparer.Ordinal));
        var history = await host.Get<DurableTaskClient>().GetInstanceAsync(instanceId, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, history!.RuntimeStatus);
    }

    [Fact]
    public async Task IncomeVerification_Discrepancy_DocumentsThenReviewApproved()
    {
        await SaveProfileAsync(host, "k1-iv-4", Salaried());
        var instanceId = await StartAsync("app-4", "k1-iv-4", 30_000m, Policy());

        var (_, awaiting) = await WaitForStageAsync(host, instanceId, IncomeVerificationStages.AwaitingDocuments);
        Assert.Equal("iv-app-4:documents:1", awaiting.RoundId);
        Assert.Equal(71.43m, awaiting.DiscrepancyPct);
        Assert.Equal(SubmitOutcome.Raised, (await Gateway.SubmitDocumentsAsync(instanceId, new DocumentsSubmitted(awaiting.RoundId!, ["doc-payslips", "doc-contract"], "ops-1", DateTimeOffset.UtcNow), CancellationToken.None)).Outcome);

        var (_, review) = await WaitForStageAsync(host, instanceId, IncomeVerificationStages.AwaitingReview);
        Assert.Equal("iv-app-4:review:1", review.RoundId);
        var submitted = await Gateway.SubmitReviewAsync(instanceId, new ReviewCompleted(review.RoundId!, ReviewDecision.Approved, 28_000m, "reviewer-7", "bonus confirmed", DateTimeOffset.UtcNow), CancellationToken.None);
        Assert.Equal(SubmitOutcome.Raised, submitted.Outcome);

        var result = await WaitForResultAsync(host, instanceId);
        Assert.Equal(IncomeVerificationOutcome.Approved, result.Outcome);
        Assert.Equal(28_000m, result.VerifiedMonthlyIncome);
        Assert.Equal("reviewer-7", result.ReviewerId);
        Assert.Equal(["doc-payslips", "doc-contract"], result.DocumentIds);
    }

    [Fact]
    public async Task IncomeVerification_NoDocumentsInTime_DocumentsTimedOut()
    {
        await SaveProfileAsync(host, "k1-iv-5", Salaried());

        var result = await WaitForResultAsync(host, await StartAsync("app-5", "k1-iv-5", 30_000m, Policy(documents: TimeSpan.FromSeconds(1))));

        Assert.Equal(IncomeVerificationOutcome.DocumentsTimedOut, result.Outcome);
        Assert.Equal(17_500m, result.VerifiedMonthlyIncome);
    }

    [Fact]
    public async Task IncomeVerification_NoReviewInTime_ReviewTimedOut()
    {
        await SaveProfileAsync(host, "k1-iv-6", Salaried());
        var instanceId = await StartAsync("app-6", "k1-iv-6", 30_000m, Policy(review: TimeSpan.FromSeconds(1)));
        var (_, awaiting) = await WaitForStageAsync(host, instanceId, IncomeVerificationStages.AwaitingDocuments);
        await RaiseDocumentsAsync(instanceId, awaiting.RoundId!, "doc-1");

        var result = await WaitForResultAsync(host, instanceId);

        Assert.Equal(IncomeVerificationOutcome.ReviewTimedOut, result.Outcome);
        Assert.Equal(["doc-1"], result.DocumentIds);
        Assert.Null(result.ReviewerId);
    }

    [Fact]
    public async Task IncomeVerification_DocumentsAfterTheirRoundTimedOut_NotTakenByTheNextRound()
    {
        await SaveProfileAsync(host, "k1-iv-7", Salaried());
        var instanceId = await StartAsync("app-7", "k1-iv-7", 30_000m, Policy(documents: TimeSpan.FromSeconds(2), requests: 2));
        var (_, first) = await WaitForStageAsync(host, instanceId, IncomeVerificationStages.AwaitingDocuments, ":documents:1");

        // Round 1 times out; its documents arrive late, while round 2 waits (raised straight on the engine: the operator endpoint would refuse them).
        await WaitForStageAsync(host, instanceId, IncomeVerificationStages.AwaitingDocuments, ":documents:2");
        await RaiseDocumentsAsync(instanceId, first.RoundId!, "doc-late");
        Assert.Equal(SubmitOutcome.StaleRound, (await Gateway.SubmitDocumentsAsync(instanceId, new DocumentsSubmitted(first.RoundId!, ["doc-late"], "ops-1", DateTimeOffset.UtcNow), CancellationToken.None)).Outcome);

        var result = await WaitForResultAsync(host, instanceId);

        Assert.Equal(IncomeVerificationOutcome.DocumentsTimedOut, result.Outcome);
        Assert.Empty(result.DocumentIds);
    }

    [Fact]
    public async Task IncomeVerification_LateEventThenCurrentRound_CurrentRoundsDocumentsTaken()
    {
        await SaveProfileAsync(host, "k1-iv-8", Salaried());
        var instanceId = await StartAsync("app-8", "k1-iv-8", 30_000m, Policy(documents: TimeSpan.FromSeconds(2), requests: 2, review: TimeSpan.FromMinutes(5)));
        var (_, first) = await WaitForStageAsync(host, instanceId, IncomeVerificationStages.AwaitingDocuments, ":documents:1");
        var (_, second) = await WaitForStageAsync(host, instanceId, IncomeVerificationStages.AwaitingDocuments, ":documents:2");

        await RaiseDocumentsAsync(instanceId, first.RoundId!, "doc-late");
        await RaiseDocumentsAsync(instanceId, second.RoundId!, "doc-current");
        var (_, review) = await WaitForStageAsync(host, instanceId, IncomeVerificationStages.AwaitingReview);
        await Gateway.SubmitReviewAsync(instanceId, new ReviewCompleted(review.RoundId!, ReviewDecision.Rejected, null, "reviewer-2", null, DateTimeOffset.UtcNow), CancellationToken.None);

        var result = await WaitForResultAsync(host, instanceId);

        Assert.Equal(IncomeVerificationOutcome.Rejected, result.Outcome);
        Assert.Equal(["doc-current"], result.DocumentIds);
    }
}
