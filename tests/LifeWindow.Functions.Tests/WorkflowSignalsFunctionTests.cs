using LifeWindow.Functions.Ingress;
using LifeWindow.Integration.Lifecycle;
using LifeWindow.Integration.Storage;
using LifeWindow.Integration.Streams.EventHubs;
using Microsoft.DurableTask.Client;

namespace LifeWindow.Functions.Tests;

/// <summary>The workflow-signals trigger on the real DTFx engine: what the Event Hubs consumer queued starts the window's offer workflow, once.</summary>
public sealed class WorkflowSignalsFunctionTests : IAsyncLifetime
{
    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task QueuedSignals_StartTheOfferWorkflow_ASecondDeliveryStartsNoSecond()
    {
        var window = SampleWindows.LumpSum("k1-signals-fn");
        Assert.True(await host.Get<IWindowStore>().TryAddAsync(window, CancellationToken.None));
        var message = QueueWorkflowSignalSink.Serialize(new WorkflowSignals([window], []));
        var client = host.Get<DurableTaskClient>();

        await new WorkflowSignalsFunction().Run(message, client, CancellationToken.None);
        var started = await client.GetInstanceAsync(window.WindowId);
        await new WorkflowSignalsFunction().Run(message, client, CancellationToken.None);

        Assert.NotNull(started);
        Assert.Equal("OfferOrchestrator", started.Name);
        Assert.Equal(started.CreatedAt, (await client.GetInstanceAsync(window.WindowId))!.CreatedAt);
    }
}
