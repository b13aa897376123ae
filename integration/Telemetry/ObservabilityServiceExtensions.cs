using LifeWindow.Integration.Crm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace LifeWindow.Integration.Telemetry;

public static class ObservabilityServiceExtensions
{
    /// <summary>
    /// OpenTelemetry for LifeWindow's source and meter (and Polly's resilience events), with logs through the same
    /// pipeline; OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, the console when <c>Telemetry:Console</c> is true.
    /// Also the state gauges, the ops summary and the health checks. Each host adds its own instrumentation and exporter
    /// to the builder returned (the Functions worker's and Azure Monitor; ASP.NET Core's in the local host).
    /// </summary>
    public static OpenTelemetryBuilder AddLifeWindowObservability(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<OpsReader>();
        services.TryAddSingleton<InstanceCounters>();
        services.TryAddSingleton<OpsGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<OpsGauges>());
        services.AddHttpClient(CrmHealthCheck.ProbeClient, http => http.Timeout = TimeSpan.FromSeconds(5));
        var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var timeout = TimeSpan.FromSeconds(telemetry.HealthCheckTimeoutSeconds);
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", timeout: timeout)
            .AddCheck<FeedStreamHealthCheck>("feed-stream", timeout: timeout)
            .AddCheck<CrmHealthCheck>("crm", timeout: timeout);

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Logging.AddOpenTelemetry(logs =>
        {
            logs.IncludeFormattedMessage = true;
            logs.IncludeScopes = true;
        });
        var otel = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "lifewindow"))
            .WithTracing(tracing => tracing.AddSource(LifeWindowTelemetry.Name))
            .WithMetrics(metrics => metrics.AddMeter(LifeWindowTelemetry.Name, "Polly"));
        if (otlp)
        {
            otel.UseOtlpExporter();
        }

        if (telemetry.Console)
        {
            otel.WithTracing(tracing => tracing.AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddConsoleExporter())
                .WithLogging(logs => logs.AddConsoleExporter());
        }

        return otel;
    }
}
