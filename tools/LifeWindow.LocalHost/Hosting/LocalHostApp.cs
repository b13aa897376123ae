using System.Globalization;
using LifeWindow.Functions.Operations;
using LifeWindow.Functions.Webhooks;
using LifeWindow.Integration;
using LifeWindow.Integration.Lifecycle;
using LifeWindow.Sandbox.Crm;
using LifeWindow.LocalHost.Durable;
using LifeWindow.Sandbox.Partners;
using LifeWindow.Orchestrations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Rewrite;
using LifeWindow.Integration.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace LifeWindow.LocalHost.Hosting;

/// <summary>
/// The local host: an ASP.NET Core app that maps the Functions app's HTTP triggers, runs its timer
/// triggers on their CRON schedules and its feed-stream consumer (on the Storage queue with Azurite, in memory
/// otherwise), and runs the
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

        // Built-in defaults (the local CRM sink, names) rank below appsettings, the environment and the command
        // line; the storage mode chosen with --storage ranks above them; tests' overrides come last.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults(settings, port) });
        builder.Configuration.AddInMemoryCollection(BackendSettings(settings));
        builder.Configuration.AddInMemoryCollection(settings.Overrides);
        builder.AddPartnerSandbox(port);

        builder.AddLifeWindowIntegration();

        // The Event Hubs and in-memory consumers carry out the workflow signals of what they fold at once, with the DTFx client.
        builder.Services.AddSingleton<IWorkflowSignalSink>(sp => new DurableWorkflowGateway(sp.GetRequiredService<DurableTaskClient>()));
        if (builder.Configuration.GetSection(FeedStreamOptions.Section).Get<FeedStreamOptions>()?.Transport == FeedStreamTransport.EventHubs)
        {
            // A real Event Hubs namespace (there is no emulator).
            builder.AddLifeWindowEventHubsFeedStream();
        }
        else if (settings.Storage == StorageMode.Azurite)
        {
            // Durable before acknowledged: the same Storage-queue stream and queue-triggered consumer as the Functions app.
            builder.AddLifeWindowStorageQueueFeedStream();
            builder.Services.AddHostedService<StorageQueueConsumer>();
            builder.Services.AddSingleton<IFeedBacklog, StorageQueueFeedBacklog>();
        }
        else
        {
            builder.AddLifeWindowInMemoryFeedStream();
            builder.Services.AddHostedService<FeedStreamConsumers>();
            builder.Services.AddSingleton<IFeedBacklog, InMemoryFeedBacklog>();
        }

        builder.AddLifeWindowWorkflows();
        builder.AddLifeWindowOperators();
        builder.AddLifeWindowWebhooks();
        builder.AddLifeWindowObservability()
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(o => o.Filter = IsNotHealthProbe).AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());

        var services = builder.Services;
        services.AddOptions<DurableOptions>().BindConfiguration(DurableOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DtfxRuntime>();
        services.AddHostedService(sp => sp.GetRequiredService<DtfxRuntime>());
        services.AddSingleton<DurableTaskClient>(sp => sp.GetRequiredService<DtfxRuntime>().Client);
        services.AddSingleton<IWorkflowCensus>(sp => new DurableWorkflowCensus(sp.GetRequiredService<DurableTaskClient>()));
        services.AddHostedService<TimerJobs>();
        services.AddSingleton<CrmSink>();
        settings.ConfigureServices?.Invoke(services);

        var app = builder.Build();
        // The Functions app serves health at /api/healthz (its route prefix); a probe may also ask the bare /healthz.
        app.UseRewriter(new RewriteOptions().AddRewrite("^healthz$", "api/healthz", skipRemainingRules: true));
        app.UseRouting();
        app.MapFunctionHttpTriggers();
        app.MapCrmSink();
        app.MapPartnerSandbox();
        return app;
    }

    private static bool IsNotHealthProbe(HttpContext context) => !context.Request.Path.StartsWithSegments("/api/healthz", StringComparison.Ordinal);

    /// <summary>One line for the console: which backend and which feed stream, and whether an acknowledged record survives a crash.</summary>
    public static string Describe(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var configuration = app.Configuration;
        return configuration["Storage:Provider"] == "Tables"
            ? $"storage: Azure Tables + Durable Task on Azure Storage; feed stream: Storage queue '{configuration["FeedStream:QueueName"]}' (durable: a 2xx means the record is in the queue); CRM: {configuration["Crm:BaseUrl"]}"
            : $"storage: in memory; feed stream: in memory (NOT durable: what is acknowledged but not yet consumed is lost if the process dies); CRM: {configuration["Crm:BaseUrl"]}";
    }

    private static Dictionary<string, string?> Defaults(LocalHostSettings settings, int port) => new()
    {
        ["Crm:BaseUrl"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/crm-sink/"),
        ["Storage:TablePrefix"] = settings.NamePrefix,
        ["Durable:TaskHubName"] = settings.NamePrefix + "hub",
        ["FeedStream:QueueName"] = settings.NamePrefix.ToLowerInvariant() + "-feed-stream",
    };

    private static Dictionary<string, string?> BackendSettings(LocalHostSettings settings)
    {
        var values = new Dictionary<string, string?>();
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
