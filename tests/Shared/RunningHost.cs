#if LOCALHOST_TESTS
using LifeWindow.LocalHost.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LifeWindow.Tests.Shared;

/// <summary>A started local host on a free loopback port with its own table prefix and task hub.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private RunningHost(WebApplication app)
    {
        App = app;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<RunningHost> StartAsync(StorageMode storage = StorageMode.Memory, string? connectionString = null, IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null)
    {
        var settings = new LocalHostSettings
        {
            Storage = storage,
            Port = 0,
            NamePrefix = AzuriteFixture.UniqueName("t"),
            Overrides = overrides ?? new Dictionary<string, string?>(),
            ConfigureServices = configureServices,
        };
        if (connectionString is not null)
        {
            settings = settings with { StorageConnectionString = connectionString };
        }

        var app = LocalHostApp.Build(settings);
        await app.StartAsync();
        return new RunningHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
#endif
