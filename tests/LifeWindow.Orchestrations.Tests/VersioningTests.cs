using LifeWindow.LocalHost.Durable;
using Microsoft.Extensions.DependencyInjection;
using static LifeWindow.Orchestrations.Tests.IncomeVerificationTestData;

namespace LifeWindow.Orchestrations.Tests;

/// <summary>
/// A code change while instances are in flight: an instance's history, recorded by the current code on
/// DurableTask.AzureStorage (Azurite), is replayed after a restart by the next version of the orchestrator.
/// The versioned change keeps the old path for instances whose input says they started on it and finishes;
/// the same change made without versioning breaks the replay — which is what the versioning is for.
/// </summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class VersioningTests(AzuriteFixture azurite)
{
    /// <summary>The next version: new instances run an extra step first; instances of version 1 replay the version-1 path.</summary>
    public sealed class VersionedNext : TaskOrchestrator<IncomeVerificationInput, IncomeVerificationResult>
    {
        public override async Task<IncomeVerificationResult> RunAsync(TaskOrchestrationContext context, IncomeVerificationInput input)
        {
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(input);
            if (input.CodeVersion > IncomeVerificationOrchestrator.CurrentCodeVersion)
            {
                await ExtraStepAsync(context, input);
            }

            return await new IncomeVerificationOrchestrator().RunAsync(context, input);
        }
    }

    /// <summary>The same change without looking at the instance's code version.</summary>
    public sealed class UnversionedNext : TaskOrchestrator<IncomeVerificationInput, IncomeVerificationResult>
    {
        public override async Task<IncomeVerificationResult> RunAsync(TaskOrchestrationContext context, IncomeVerificationInput input)
        {
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(input);
            await ExtraStepAsync(context, input);
            return await new IncomeVerificationOrchestrator().RunAsync(context, input);
        }
    }

    /// <summary>A step the next version adds before gathering (here: one more provident-fund read through another activity name).</summary>
    private static Task ExtraStepAsync(TaskOrchestrationContext context, IncomeVerificationInput input) =>
        context.CallActivityAsync<IncomeReconciliation>(nameof(ReconcileIncomeActivity), new ReconcileIncomeInput(input.DeclaredMonthlyIncome, [], input.Policy));

    private static Dictionary<string, string?> Settings(string prefix) => new()
    {
        ["Storage:TablePrefix"] = prefix,
        ["Durable:TaskHubName"] = prefix + "hub",
        ["Policies:IncomeVerification:DocumentsTimeout"] = "01:00:00",
        ["Policies:IncomeVerification:ReviewTimeout"] = "00:00:02",
    };

    /// <summary>Starts an instance on today's code and leaves it waiting for documents; returns the round to answer.</summary>
    private async Task<string> StartOnCurrentCodeAsync(string prefix, string customer, string application)
    {
        await using var before = await RunningHost.StartAsync(StorageMode.Azurite, azurite.ConnectionString, Settings(prefix));
        await SaveProfileAsync(before, customer, Salaried());
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(before, "/api/income-verifications", new { applicationId = application, customerKey = customer, declaredMonthlyIncome = 30_000m })).StatusCode);
        var (_, status) = await WaitForStageAsync(before, IncomeVerificationOrchestrator.InstanceIdFor(application), IncomeVerificationStages.AwaitingDocuments);
        return status.RoundId!;
    }

    private Task<RunningHost> RestartWithAsync(string prefix, Type next) =>
        RunningHost.StartAsync(StorageMode.Azurite, azurite.ConnectionString, Settings(prefix), services =>
            services.AddSingleton(new OrchestratorReplacements { [nameof(IncomeVerificationOrchestrator)] = next }));

    [Fact]
    public async Task Replay_VersionedCodeChange_InFlightInstanceFinishesOnItsOldPath()
    {
        var prefix = AzuriteFixture.UniqueName("t");
        var round = await StartOnCurrentCodeAsync(prefix, "k1-ver-1", "app-v1");

        await using var after = await RestartWithAsync(prefix, typeof(VersionedNext));
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(after, "/api/workflows/iv-app-v1/documents", new { roundId = round, documentIds = new[] { "doc-1" }, submittedBy = "ops-1" })).StatusCode);

        var result = await WaitForResultAsync(after, "iv-app-v1");
        Assert.Equal(IncomeVerificationOutcome.ReviewTimedOut, result.Outcome);
        Assert.Equal(["doc-1"], result.DocumentIds);
    }

    [Fact]
    public async Task Replay_UnversionedCodeChange_BreaksTheInFlightInstance()
    {
        var prefix = AzuriteFixture.UniqueName("t");
        var round = await StartOnCurrentCodeAsync(prefix, "k1-ver-2", "app-v2");

        await using var after = await RestartWithAsync(prefix, typeof(UnversionedNext));
        await PostAsync(after, "/api/workflows/iv-app-v2/documents", new { roundId = round, documentIds = new[] { "doc-1" }, submittedBy = "ops-1" });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await after.Get<DurableTaskClient>().WaitForInstanceCompletionAsync("iv-app-v2", getInputsAndOutputs: true, cancellation: timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("Non-Deterministic workflow detected", $"{done.FailureDetails?.ErrorType} {done.FailureDetails?.ErrorMessage} {done.SerializedOutput}", StringComparison.OrdinalIgnoreCase);
    }
}
