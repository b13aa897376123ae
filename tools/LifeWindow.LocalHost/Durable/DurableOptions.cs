using System.ComponentModel.DataAnnotations;

namespace LifeWindow.LocalHost.Durable;

public enum DurableBackend
{
    /// <summary>DTFx InMemoryOrchestrationService: no external process (embedded default).</summary>
    InMemory,

    /// <summary>DurableTask.AzureStorage: Azure Storage queues/tables/blobs (Azurite locally).</summary>
    AzureStorage,
}

public sealed class DurableOptions : IValidatableObject
{
    public const string Section = "Durable";

    public DurableBackend Backend { get; set; } = DurableBackend.InMemory;

    /// <summary>3–45 letters and digits, starting with a letter (DurableTask.AzureStorage names its queues and tables after it).</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$")]
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

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Backend == DurableBackend.AzureStorage && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult($"{Section}:ConnectionString is required for the AzureStorage backend.", [nameof(ConnectionString)]);
        }

        foreach (var (name, value) in new[] { (nameof(MaxQueuePollingInterval), (TimeSpan?)MaxQueuePollingInterval), (nameof(PartitionLeaseInterval), PartitionLeaseInterval), (nameof(QueueVisibilityTimeout), QueueVisibilityTimeout) })
        {
            if (value is { } span && (span < TimeSpan.FromMilliseconds(100) || span > TimeSpan.FromHours(1)))
            {
                yield return new ValidationResult($"{Section}:{name} must be from 100 ms to 1 hour, not {span}.", [name]);
            }
        }
    }
}
