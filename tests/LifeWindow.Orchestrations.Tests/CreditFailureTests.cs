using LifeWindow.LocalHost.Durable;
using Microsoft.Extensions.DependencyInjection;

namespace LifeWindow.Orchestrations.Tests;

/// <summary>A credit decision that fails after placing its hold: the offer ends without a lead and the hold is released.</summary>
public sealed class CreditFailureTests : IAsyncLifetime
{
    private RunningHost host = null!;

    /// <summary>Decides for real (so the hold is placed), then fails — as a crash after the hold would.</summary>
    public sealed class FailsAfterDeciding : TaskOrchestrator<CreditDecisionInput, CreditDecisionResult>
    {
        public override async Task<CreditDecisionResult> RunAsync(TaskOrchestrationContext context, CreditDecisionInput input)
        {
            var decision = await new CreditDecisionOrchestrator().RunAsync(context, input);
            throw new InvalidOperationException($"the decision store went away after deciding {decision.Outcome}");
        }
    }

    public async Task InitializeAsync() => host = await RunningHost.StartAsync(
        overrides: OfferOrchestratorTests.NoQuietHours,
        configureServices: services => services.AddSingleton(new OrchestratorReplacements { [nameof(CreditDecisionOrchestrator)] = typeof(FailsAfterDeciding) }));

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task CreditOffer_DecisionFailsAfterItsHold_NoLeadAndTheHoldIsReleased()
    {
        const string customer = "k6-fail";
        await CreditOffers.SeedIncomeAsync(host, customer);
        await OfferOrchestratorTests.GrantConsentsAsync(host, customer);
        var now = DateTimeOffset.UtcNow;
        var window = new Window
        {
            WindowId = Window.IdFor(customer, "IncomeUpgrade", "2026-10"), CustomerKey = customer, RuleId = "IncomeUpgrade", Anchor = "2026-10",
            CatalogVersion = "v1", OpensAt = now, ClosesAt = now.AddDays(30), Priority = 50, CoolOffDays = 90,
            CandidateOffers = ["LimitUpgradeReview"], Evidence = ["e1"], Reasons = ["公积金缴存基数同比上涨25%"],
        };
        Assert.True(await host.Get<IWindowStore>().TryAddAsync(window, CancellationToken.None));
        await new DurableWorkflowGateway(host.Get<DurableTaskClient>()).StartOfferAsync(window, CancellationToken.None);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var done = await host.Get<DurableTaskClient>().WaitForInstanceCompletionAsync(window.WindowId, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage} {done.SerializedOutput}");
        var result = done.ReadOutputAs<OfferResult>()!;

        Assert.StartsWith("CreditDecisionFailed", result.NotContactedReason, StringComparison.Ordinal);
        Assert.Empty(host.Get<CrmSink>().Leads);
        var exposure = await host.Get<IExposureStore>().GetAsync(customer, CancellationToken.None);
        Assert.NotNull(exposure.Hold(CreditDecisionInput.InstanceIdFor(window.WindowId))); // it was placed…
        Assert.Equal(0m, exposure.ActiveHolds(DateTimeOffset.UtcNow)); // …and released
    }
}
