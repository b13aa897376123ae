using DurableTask.AzureStorage;
using LifeWindow.Integration.Serialization;
using LifeWindow.Orchestrations;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Options;

namespace LifeWindow.LocalHost.Durable;

/// <summary>
/// Runs the orchestrator and activity classes of orchestrations/ on the Durable Task Framework: a
/// TaskHubWorker over either the in-memory service or DurableTask.AzureStorage, with the
/// Microsoft.DurableTask shims in between, and a DurableTaskClient for the function classes.
/// </summary>
public sealed class DtfxRuntime : IHostedService, IAsyncDisposable
{
    private readonly IOrchestrationService service;
    private readonly TaskHubWorker worker;
    private readonly DurableOptions options;
    private bool started;

    public DtfxRuntime(IServiceProvider services, IOptions<DurableOptions> options, ILoggerFactory loggerFactory)
    {
        this.options = options.Value;
        service = this.options.Backend == DurableBackend.AzureStorage
            ? new AzureStorageOrchestrationService(WithLeases(new AzureStorageOrchestrationServiceSettings
            {
                TaskHubName = this.options.TaskHubName,
                StorageAccountClientProvider = new StorageAccountClientProvider(
                    this.options.ConnectionString ?? throw new OptionsValidationException(DurableOptions.Section, typeof(DurableOptions), ["Durable:ConnectionString is required for the AzureStorage backend."])),
                MaxQueuePollingInterval = this.options.MaxQueuePollingInterval,
                LoggerFactory = loggerFactory,
            }))
            : new InMemoryOrchestrationService(loggerFactory);

        var converter = new JsonDataConverter(LifeWindowJson.Options);
        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = converter }, loggerFactory);
        worker = new TaskHubWorker(service, loggerFactory);
        // A deployment may bind a registered name to another class (the next version of an orchestrator):
        // instances in flight are then replayed by the new code, which must keep their path (see docs).
        var replacements = services.GetService(typeof(OrchestratorReplacements)) as OrchestratorReplacements ?? new OrchestratorReplacements();
        worker.AddTaskOrchestrations(WorkflowRegistry.Orchestrators
            .Select(t => (ObjectCreator<TaskOrchestration>)new OrchestratorShimCreator(t.Name, replacements.GetValueOrDefault(t.Name) ?? t, shims))
            .ToArray());
        worker.AddTaskActivities(WorkflowRegistry.Activities.Select(t => (ObjectCreator<TaskActivity>)new ActivityShimCreator(t, shims, services))
            .Concat(WorkflowRegistry.LegacyActivities.Select(legacy => (ObjectCreator<TaskActivity>)new ActivityShimCreator(legacy.Value, shims, services, legacy.Key)))
            .ToArray());

        var serviceClient = (IOrchestrationServiceClient)service;
        Client = new DtfxDurableTaskClient(
            new TaskHubClient(serviceClient, new StjDtfxDataConverter(LifeWindowJson.Options), loggerFactory),
            serviceClient,
            converter);
    }

    public DtfxDurableTaskClient Client { get; }

    private AzureStorageOrchestrationServiceSettings WithLeases(AzureStorageOrchestrationServiceSettings settings)
    {
        if (options.PartitionLeaseInterval is { } lease)
        {
            settings.LeaseInterval = lease;
            settings.LeaseRenewInterval = lease / 3;
            settings.LeaseAcquireInterval = lease / 3;
        }

        if (options.QueueVisibilityTimeout is { } visibility)
        {
            settings.ControlQueueVisibilityTimeout = visibility;
            settings.WorkItemQueueVisibilityTimeout = visibility;
        }

        return settings;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await service.CreateIfNotExistsAsync().ConfigureAwait(false);
        await worker.StartAsync().ConfigureAwait(false);
        started = true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (started)
        {
            started = false;
            await worker.StopAsync(isForced: true).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        worker.Dispose();
        (service as IDisposable)?.Dispose();
    }
}

/// <summary>Orchestrator name → the class that runs it instead of the registered one (a new code version, in tests of replay).</summary>
public sealed class OrchestratorReplacements : Dictionary<string, Type>
{
    public OrchestratorReplacements()
        : base(StringComparer.Ordinal)
    {
    }
}
