using System.Reflection;
using LifeWindow.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Trace;

namespace LifeWindow.Functions.Tests;

/// <summary>
/// The Functions app's own composition (what functions/Program.cs builds), built without the Functions host: every
/// function class resolves from its container, and OpenTelemetry is registered with the Azure Monitor exporter when the
/// template's connection string is set. The local host runs the same classes with its own wiring; this checks the app's.
/// </summary>
public class FunctionsAppCompositionTests
{
    [Theory]
    [InlineData("StorageQueue")]
    [InlineData("EventHubs")]
    public void Build_WithTheSampleSettings_ResolvesEveryFunctionClassAndTelemetry(string transport)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        var settings = Settings();
        settings["FeedStream:Transport"] = transport;
        settings["FeedStream:EventHubs:FullyQualifiedNamespace"] = "evhns-lifewindow.servicebus.windows.net";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddLifeWindowFunctionsApp();
        using var host = builder.Build();

        var functionClasses = typeof(FunctionsAppComposition).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToList();
        Assert.True(functionClasses.Count > 20, $"{functionClasses.Count} function classes");
        foreach (var type in functionClasses.Where(t => !t.IsAbstract && !(t.IsAbstract && t.IsSealed)))
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(host.Services, type));
        }

        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetRequiredService<LifeWindow.Integration.Telemetry.OpsGauges>());
        Assert.Equal(transport, host.Services.GetRequiredService<LifeWindow.Integration.Telemetry.IFeedStreamMonitor>() switch
        {
            LifeWindow.Integration.Telemetry.StorageQueueFeedStreamMonitor when host.Services.GetService<LifeWindow.Integration.Streams.EventHubs.FeedStreamEventProcessor>() is not null => "EventHubs",
            LifeWindow.Integration.Telemetry.StorageQueueFeedStreamMonitor => "StorageQueue",
            var other => other.GetType().Name,
        });
        Assert.NotNull(host.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>());
    }

    /// <summary>The settings of functions/local.settings.sample.json, with values a container can be built from.</summary>
    private static Dictionary<string, string?> Settings()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(AzuriteFixture.RepositoryRoot(), "functions", "local.settings.sample.json")));
        var settings = sample.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.GetString());
        foreach (var key in settings.Keys.Where(k => settings[k] is { } v && v.StartsWith('<')).ToList())
        {
            settings[key] = key.Contains("Secret", StringComparison.Ordinal) || key.Contains("SigningSecrets", StringComparison.Ordinal)
                ? "whsec_" + Convert.ToBase64String(new byte[32])
                : Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        }

        settings["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://127.0.0.1:9/";
        return settings;
    }
}
