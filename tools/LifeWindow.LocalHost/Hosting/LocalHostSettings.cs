using System.Net;
using System.Net.Sockets;

namespace LifeWindow.LocalHost.Hosting;

public enum StorageMode
{
    /// <summary>In-memory stores and DTFx in-memory: nothing else to run.</summary>
    Memory,

    /// <summary>Azure Tables and DurableTask.AzureStorage against Azurite (or any storage account).</summary>
    Azurite,
}

/// <summary>How to start the local host: which backend, where to listen, and any configuration overrides.</summary>
public sealed record LocalHostSettings
{
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public StorageMode Storage { get; init; } = StorageMode.Memory;

    public string StorageConnectionString { get; init; } = Environment.GetEnvironmentVariable("LIFEWINDOW_STORAGE") ?? DevelopmentStorage;

    /// <summary>Listening port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; } = 7071;

    /// <summary>Prefix for tables and task hub (tests use a unique one per run).</summary>
    public string NamePrefix { get; init; } = "lw";

    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    /// <summary>Last word on services (tests replace a dependency with a failing one here).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; init; }

    public int ResolvePort()
    {
        if (Port != 0)
        {
            return Port;
        }

        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
