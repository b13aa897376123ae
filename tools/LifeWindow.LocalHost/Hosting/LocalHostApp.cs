using System.Globalization;
using LifeWindow.Integration;
using LifeWindow.LocalHost.CrmSink;
using LifeWindow.LocalHost.Durable;
using LifeWindow.LocalHost.Sandbox;
using LifeWindow.Orchestrations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LifeWindow.LocalHost.Hosting;

/// <summary>
/// The local host: an ASP.NET Core app that maps the Functions app's HTTP triggers, runs its timer
/// triggers on their CRON schedules and its feed-stream consumer on the in-memory stream, and runs the
/// orchestrations on DTFx. The same wiring (AddLifeWindowIntegration, AddLifeWindowWorkflows) as
/// functions/Program.cs.
/// </summary>
public static class LocalHostApp
{
    public static WebApplication Build(LocalHostSettings settings, string[]? args = null)
    {
        var port = settings.ResolvePort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        builder.Configuration.AddInMemoryCollection(BackendSettings(settings, port));
        builder.Configuration.AddInMemoryCollection(settings.Overrides);
        builder.AddPartnerSandbox(port);

        builder.AddLifeWindowIntegration()
            .AddInMemoryFeedStream()
            .AddLifeWindowWorkflows();

        var services = builder.Services;
        services.AddOptions<DurableOptions>().BindConfiguration(DurableOptions.Section);
        services.AddSingleton<DtfxRuntime>();
        services.AddHostedService(sp => sp.GetRequiredService<DtfxRuntime>());
        services.AddSingleton<DurableTaskClient>(sp => sp.GetRequiredService<DtfxRuntime>().Client);
        services.AddHostedService<FeedStreamConsumers>();
        services.AddHostedService<TimerJobs>();
        services.AddSingleton<CrmSink.CrmSink>();
        settings.ConfigureServices?.Invoke(services);

        var app = builder.Build();
        app.MapFunctionHttpTriggers();
        app.MapCrmSink();
        app.MapPartnerSandbox();
        return app;
    }

    private static Dictionary<string, string?> BackendSettings(LocalHostSettings settings, int port)
    {
        var values = new Dictionary<string, string?>
        {
            ["Crm:BaseUrl"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/crm-sink/"),
            ["Storage:TablePrefix"] = settings.NamePrefix,
            ["Durable:TaskHubName"] = settings.NamePrefix + "hub",
        };

        if (settings.Storage == StorageMode.Azurite)
        {
            values["Storage:Provider"] = "Tables";
            values["Storage:ConnectionString"] = settings.StorageConnectionString;
            values["Durable:Backend"] = nameof(DurableBackend.AzureStorage);
            values["Durable:ConnectionString"] = settings.StorageConnectionString;
        }

        return values;
    }
}
