using Microsoft.DurableTask.Client;

namespace LifeWindow.LocalHost.Tests;

/// <summary>The DurableTaskClient adapter over DTFx, which the function classes use in the local host.</summary>
public sealed class DtfxDurableTaskClientTests : IAsyncLifetime
{
    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Client_UnknownInstance_IsNull() =>
        Assert.Null(await host.Get<DurableTaskClient>().GetInstanceAsync("nope", CancellationToken.None));

    [Fact]
    public async Task Client_TerminateAndQuery_ReflectTheEngine()
    {
        var client = host.Get<DurableTaskClient>();
        var window = new Domain.Windows.Window
        {
            WindowId = "w-terminate-me", CustomerKey = "k1-x", RuleId = "IncomeUpgrade", Anchor = "a", CatalogVersion = "v1",
            OpensAt = DateTimeOffset.UtcNow, ClosesAt = DateTimeOffset.UtcNow.AddDays(1), Priority = 1, CoolOffDays = 1,
            CandidateOffers = ["LimitUpgradeReview"], Evidence = [], Reasons = ["r"],
        };
        await host.Get<Integration.Storage.IWindowStore>().TryAddAsync(window, CancellationToken.None);

        // Consents, so the workflow gets as far as waiting (for quiet hours or the CRM) instead of ending at once.
        await host.GrantConsentsAsync("k1-x");
        await client.ScheduleNewOrchestrationInstanceAsync("OfferOrchestrator", new Orchestrations.Offer.OfferInput(window), new Microsoft.DurableTask.StartOrchestrationOptions(window.WindowId));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.ScheduleNewOrchestrationInstanceAsync("OfferOrchestrator", new Orchestrations.Offer.OfferInput(window), new Microsoft.DurableTask.StartOrchestrationOptions(window.WindowId)));

        await client.WaitForInstanceStartAsync(window.WindowId);
        await client.TerminateInstanceAsync(window.WindowId, "test says stop");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var done = await client.WaitForInstanceCompletionAsync(window.WindowId, cancellation: timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);

        var all = new List<OrchestrationMetadata>();
        await foreach (var m in client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Terminated] }))
        {
            all.Add(m);
        }

        Assert.Equal(window.WindowId, Assert.Single(all).InstanceId);
        Assert.Equal(1, (await client.PurgeInstanceAsync(window.WindowId)).PurgedInstanceCount);
        Assert.Null(await client.GetInstanceAsync(window.WindowId));
    }
}
