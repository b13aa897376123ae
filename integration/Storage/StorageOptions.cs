namespace LifeWindow.Integration.Storage;

public enum StorageProvider
{
    /// <summary>Everything in process memory: the embedded default for the demo and fast tests.</summary>
    InMemory,

    /// <summary>Azure Table storage (Azurite locally).</summary>
    Tables,
}

public sealed class StorageOptions
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.InMemory;

    /// <summary>Connection string (Azurite: UseDevelopmentStorage=true). Leave empty in Azure and set <see cref="TableServiceUri"/> for managed identity.</summary>
    public string? ConnectionString { get; set; }

    public Uri? TableServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    /// <summary>Prefix of every table name; tests use a unique one per run.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,20}$")]
    public string TablePrefix { get; set; } = "lw";
}
