using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Lifecycle;
using LifeWindow.Orchestrations;
using LifeWindow.Orchestrations.Offer;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LifeWindow.EndToEnd.Tests.Reliability;

/// <summary>
/// Half-done work is found and redone: an open window whose workflow was never started (the consumer died between
/// recording the window and starting it, and no record of that customer comes again) and a window whose workflow
/// failed get their workflow from the repair sweep. On Azurite (DTFx on Azure Storage, which can purge a history).
/// </summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class RepairSweepTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RunAsync_OpenWindowWithoutWorkflowAndOneWhoseWorkflowFailed_BothGetAFreshWorkflow()
    {
        await using var host = await RunningHost.StartAsync(LocalHost.Hosting.StorageMode.Azurite, azurite.ConnectionString);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        var windows = host.Get<IWindowStore>();
        var durable = host.Get<DurableTaskClient>();
        var stranded = Window("stranded");
        var failed = Window("failed");
        var closed = Window("closed") with { State = WindowState.Suppressed };
        foreach (var window in new[] { stranded, failed, closed })
        {
            Assert.True(await windows.TryAddAsync(window, ct));
        }

        // A workflow that failed: the orchestrator throws on a missing input, as an infrastructure failure past its retries would end it.
        await durable.ScheduleNewOrchestrationInstanceAsync(nameof(OfferOrchestrator), input: null, new StartOrchestrationOptions(failed.WindowId), ct);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await durable.WaitForInstanceCompletionAsync(failed.WindowId, ct)).RuntimeStatus);

        var report = await host.Get<WindowRepairSweep>().RunAsync(new DurableWorkflowGateway(durable), ct);

        Assert.Equal(new RepairReport(2, 2, 0), report);
        foreach (var window in new[] { stranded, failed })
        {
            // The customer gave no consent, so each fresh workflow ends without a lead — but it ran, from the start.
            var instance = await durable.WaitForInstanceCompletionAsync(window.WindowId, getInputsAndOutputs: true, ct);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
            Assert.Contains("NotContacted", instance.SerializedCustomStatus, StringComparison.Ordinal);
        }

        Assert.Null(await durable.GetInstanceAsync(closed.WindowId, ct));

        // Once every open window has its workflow, a second sweep changes nothing.
        var completedAt = (await durable.GetInstanceAsync(failed.WindowId, ct))!.LastUpdatedAt;
        Assert.Equal(new RepairReport(2, 2, 0), await host.Get<WindowRepairSweep>().RunAsync(new DurableWorkflowGateway(durable), ct));
        Assert.Equal(completedAt, (await durable.GetInstanceAsync(failed.WindowId, ct))!.LastUpdatedAt);
    }

    [Fact]
    public async Task EnsureOfferAsync_WorkflowCreatedButItsStartLost_IsStartedAfreshOnceStrandedLongEnough()
    {
        await using var host = await RunningHost.StartAsync(LocalHost.Hosting.StorageMode.Azurite, azurite.ConnectionString);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ct = timeout.Token;
        var durable = host.Get<DurableTaskClient>();
        var gateway = new DurableWorkflowGateway(durable);
        var window = Window("lost-start");
        Assert.True(await host.Get<IWindowStore>().TryAddAsync(window, ct));

        // The engine wrote the instance (Pending) but its start message is gone, as when a kill falls between the two:
        // a start scheduled for tomorrow, then the task hub's control queues emptied.
        await durable.ScheduleNewOrchestrationInstanceAsync(nameof(OfferOrchestrator), new OfferInput(window, OfferOrchestrator.CurrentCodeVersion), new StartOrchestrationOptions(window.WindowId, DateTimeOffset.UtcNow.AddDays(1)), ct);
        var hub = host.Get<Microsoft.Extensions.Configuration.IConfiguration>()["Durable:TaskHubName"]!.ToLowerInvariant();
        var queues = new Azure.Storage.Queues.QueueServiceClient(azurite.ConnectionString);
        await foreach (var queue in queues.GetQueuesAsync(prefix: hub + "-control-", cancellationToken: ct))
        {
            await queues.GetQueueClient(queue.Name).ClearMessagesAsync(ct);
        }

        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await durable.GetInstanceAsync(window.WindowId, ct))!.RuntimeStatus);

        // Not stranded long enough yet (or asked without a limit, as the consumer asks): left alone.
        await gateway.EnsureOfferAsync(window, TimeSpan.FromMinutes(10), ct);
        await gateway.StartOfferAsync(window, ct);
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await durable.GetInstanceAsync(window.WindowId, ct))!.RuntimeStatus);

        // Past the limit: purged and started afresh, and it runs to its end.
        await gateway.EnsureOfferAsync(window, TimeSpan.FromSeconds(2), ct);
        var instance = await durable.WaitForInstanceCompletionAsync(window.WindowId, getInputsAndOutputs: true, ct);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Contains("NotContacted", instance.SerializedCustomStatus, StringComparison.Ordinal);
    }

    private static Window Window(string name) => new()
    {
        WindowId = Domain.Windows.Window.IdFor("customer-" + name, "LumpSumInflow", "2026-12"),
        CustomerKey = "k1-customer-" + name,
        RuleId = "LumpSumInflow",
        Anchor = "2026-12",
        CatalogVersion = "v1",
        OpensAt = DateTimeOffset.UtcNow.AddHours(-1),
        ClosesAt = DateTimeOffset.UtcNow.AddDays(14),
        Priority = 50,
        CoolOffDays = 90,
        CandidateOffers = ["WealthOutreach"],
        Evidence = ["ev-" + name],
        Reasons = ["a 25万 inflow"],
    };
}
