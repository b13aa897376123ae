namespace LifeWindow.LocalHost.Durable;

public enum DurableBackend
{
    /// <summary>DTFx InMemoryOrchestrationService: no external process (embedded default).</summary>
    InMemory,

    /// <summary>DurableTask.AzureStorage: Azure Storage queues/tables/blobs (Azurite locally).</summary>
    AzureStorage,
}

public sealed class DurableOptions
{
    public const string Section = "Durable";

    public DurableBackend Backend { get; set; } = DurableBackend.InMemory;

    public string TaskHubName { get; set; } = "lifewindow";

    /// <summary>Storage connection string for the AzureStorage backend.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Longest pause between queue polls when idle (AzureStorage backend); short locally so the demo is brisk.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// AzureStorage backend: how long a worker's partition lease lasts (DTFx default 30 s). After a hard kill the other
    /// workers, or the restarted one, take the dead worker's partitions over when it runs out.
    /// </summary>
    public TimeSpan? PartitionLeaseInterval { get; set; }

    /// <summary>
    /// AzureStorage backend: how long a dequeued control-queue or work-item message stays hidden (DTFx default 5 min).
    /// What a killed worker had dequeued is worked on again after this; the orchestrations' steps are idempotent.
    /// </summary>
    public TimeSpan? QueueVisibilityTimeout { get; set; }
}
