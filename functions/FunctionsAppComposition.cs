using Azure.Monitor.OpenTelemetry.Exporter;
using LifeWindow.Functions.Http;
using LifeWindow.Functions.Operations;
using LifeWindow.Integration;
using LifeWindow.Integration.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;

namespace LifeWindow.Functions;

/// <summary>The Functions app's services, middleware and telemetry: what functions/Program.cs builds, callable from a test.</summary>
public static class FunctionsAppComposition
{
    public static FunctionsApplicationBuilder AddLifeWindowFunctionsApp(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<UnhandledErrorMiddleware>();
        builder.AddLifeWindowIntegration()
            .AddLifeWindowFeedStream()
            .AddLifeWindowWorkflows()
            .AddLifeWindowOperators()
            .AddLifeWindowWebhooks();

        // One trace per invocation from the host (host.json telemetryMode OpenTelemetry), LifeWindow's spans inside it,
        // exported to Application Insights with the managed identity when the template sets its connection string.
        var telemetry = builder.AddLifeWindowObservability().UseFunctionsWorkerDefaults();
        if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            telemetry.UseAzureMonitorExporter(options => options.Credential = new Azure.Identity.DefaultAzureCredential());
        }

        return builder;
    }
}
