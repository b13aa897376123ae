using LifeWindow.Domain.Leads;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Pipeline;
using LifeWindow.Integration.Storage;
using LifeWindow.LocalHost.CrmSink;
using LifeWindow.Orchestrations;
using LifeWindow.Orchestrations.Offer;
using LifeWindow.Tests.Shared;
using Microsoft.DurableTask.Client;

namespace LifeWindow.Orchestrations.Tests;

/// <summary>The offer workflow on the real DTFx engine (in-memory), with the lead posted over HTTP to the host's CRM sink.</summary>
public sealed class OfferOrchestratorTests : IAsyncLifetime
{
    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<Window> OpenWindowAsync(TimeSpan openFor, string customer)
    {
        var now = DateTimeOffset.UtcNow;
        var window = new Window
        {
            WindowId = Window.IdFor(customer, "IncomeUpgrade", "pf:2026-10"),
            CustomerKey = customer,
            RuleId = "IncomeUpgrade",
            Anchor = "pf:2026-10",
            CatalogVersion = "v1",
            OpensAt = now,
            ClosesAt = now + openFor,
            Priority = 50,
            CoolOffDays = 90,
            CandidateOffers = ["LimitUpgradeReview"],
            Evidence = ["e1"],
            Reasons = ["公积金缴存基数同比上涨25%"],
        };
        Assert.True(await host.Get<IWindowStore>().TryAddAsync(window, CancellationToken.None));
        return window;
    }

    private async Task<OrchestrationMetadata> WaitForStageAsync(string instanceId, string stage)
    {
        var client = host.Get<DurableTaskClient>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
            if (instance?.SerializedCustomStatus?.Contains(stage, StringComparison.Ordinal) == true)
            {
                return instance;
            }

            Assert.False(instance?.IsCompleted, $"finished early: {instance?.RuntimeStatus} {instance?.FailureDetails}");
            await Task.Delay(25, timeout.Token);
        }
    }

    private async Task<OfferResult> WaitForResultAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var done = await host.Get<DurableTaskClient>().WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails}");
        return done.ReadOutputAs<OfferResult>()!;
    }

    [Fact]
    public async Task Offer_OutcomeBeforeTheWindowCloses_LeadDeliveredOnceAndOutcomeRecorded()
    {
        var window = await OpenWindowAsync(TimeSpan.FromDays(30), "k1-orch-1");
        var gateway = new DurableWorkflowGateway(host.Get<DurableTaskClient>());

        await gateway.StartOfferAsync(window, CancellationToken.None);
        await gateway.StartOfferAsync(window, CancellationToken.None);
        await WaitForStageAsync(window.WindowId, "AwaitingOutcome");

        var leadId = Lead.IdFor(window.WindowId);
        var sink = host.Get<CrmSink>();
        Assert.Equal(leadId, Assert.Single(sink.Leads).IdempotencyKey);
        Assert.Contains("信用额度提升评估", Assert.Single(sink.Leads).Body.GetProperty("script").GetString(), StringComparison.Ordinal);

        var raised = await gateway.RaiseCrmOutcomeAsync(window.WindowId, new CrmOutcome(leadId, LeadOutcome.Declined, "RM-1", DateTimeOffset.UtcNow, null), CancellationToken.None);
        Assert.Equal(RaiseOutcome.Raised, raised);

        var result = await WaitForResultAsync(window.WindowId);
        Assert.Equal(LeadOutcome.Declined, result.Outcome);
        Assert.Equal("RM-1", result.RmId);
        Assert.Equal(WindowState.Acted, (await host.Get<IWindowStore>().GetAsync(window.CustomerKey, window.WindowId, CancellationToken.None))!.State);
        Assert.Equal(LeadOutcome.Declined, (await host.Get<ILeadStore>().GetAsync(window.CustomerKey, leadId, CancellationToken.None))!.Outcome);
        Assert.Single(sink.Leads);
    }

    [Fact]
    public async Task Offer_NoOutcomeBeforeTheWindowCloses_ExpiresAndALateOutcomeIsRefused()
    {
        var window = await OpenWindowAsync(TimeSpan.FromSeconds(2), "k1-orch-2");
        var gateway = new DurableWorkflowGateway(host.Get<DurableTaskClient>());
        await gateway.StartOfferAsync(window, CancellationToken.None);

        var result = await WaitForResultAsync(window.WindowId);

        Assert.Equal(LeadOutcome.Expired, result.Outcome);
        Assert.Equal(WindowState.Expired, (await host.Get<IWindowStore>().GetAsync(window.CustomerKey, window.WindowId, CancellationToken.None))!.State);
        var late = await gateway.RaiseCrmOutcomeAsync(window.WindowId, new CrmOutcome(result.LeadId, LeadOutcome.Accepted, "RM-1", DateTimeOffset.UtcNow, null), CancellationToken.None);
        Assert.Equal(RaiseOutcome.NotRunning, late);
    }

    [Fact]
    public async Task Gateway_OutcomeForUnknownWindow_IsNotFound() =>
        Assert.Equal(
            RaiseOutcome.NotFound,
            await new DurableWorkflowGateway(host.Get<DurableTaskClient>()).RaiseCrmOutcomeAsync("w-0000", new CrmOutcome("lead-w-0000", LeadOutcome.Accepted, "RM", DateTimeOffset.UtcNow, null), CancellationToken.None));
}
