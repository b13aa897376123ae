using System.Net;
using System.Text.Json;
using LifeWindow.Integration.DeadLetters;
using LifeWindow.Integration.Telemetry;
using LifeWindow.Sandbox.Partners;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LifeWindow.LocalHost.Tests;

/// <summary>GET /api/healthz (and the bare /healthz) and GET /api/ops on a running local host, over HTTP.</summary>
public sealed class OpsEndpointsTests
{
    [Fact]
    public async Task Health_EmbeddedDefault_EveryPartHealthyOnBothPaths()
    {
        await using var host = await RunningHost.StartAsync();
        foreach (var path in new[] { "/healthz", "/api/healthz" })
        {
            var (status, body) = await GetAsync(host, path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Healthy", body.GetProperty("status").GetString());
            var checks = body.GetProperty("checks");
            Assert.Equal(["crm", "feed-stream", "storage", "task-hub"], checks.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
            Assert.All(checks.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
            Assert.Equal("InMemory", checks.GetProperty("feed-stream").GetProperty("data").GetProperty("transport").GetString());
        }
    }

    [Fact]
    public async Task Health_CrmUnreachable_DegradedAnswered200SoTheAppIsNotRestartedForIt()
    {
        await using var host = await RunningHost.StartAsync(overrides: new Dictionary<string, string?> { ["Crm:BaseUrl"] = "http://127.0.0.1:1/" });
        var (status, body) = await GetAsync(host, "/api/healthz");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        Assert.Equal("Degraded", body.GetProperty("checks").GetProperty("crm").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_FeedStreamFailing_Unhealthy503()
    {
        await using var host = await RunningHost.StartAsync(configureServices: s => s.AddSingleton<IFeedStreamMonitor, BrokenMonitor>());
        var (status, body) = await GetAsync(host, "/api/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("feed-stream").GetProperty("status").GetString());
        Assert.Contains("IOException", body.GetProperty("checks").GetProperty("feed-stream").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_AStoreThatDoesNotAnswer_IsUnhealthyWithinTheCheckTimeout()
    {
        await using var host = await RunningHost.StartAsync(
            overrides: new Dictionary<string, string?> { ["Telemetry:HealthCheckTimeoutSeconds"] = "1" },
            configureServices: s => s.AddSingleton<IFeedStreamMonitor, SilentMonitor>());
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (status, body) = await GetAsync(host, "/api/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("feed-stream").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Ops_AfterARejectedRecord_CountsItsDeadLetterPerFeedAndNoWindowsOrLeads()
    {
        await using var host = await RunningHost.StartAsync();
        var secret = host.Get<IOptions<Integration.Webhooks.WebhookOptions>>().Value.Partners["gjj_shanghai"].Secrets[0];
        using (var refused = await new WebhookSender(host.Http, secret, TimeProvider.System).SendAsync("/api/feeds/provident-fund", "ops_1", WebhookSender.Envelope("provident-fund.contribution", new System.Text.Json.Nodes.JsonObject { ["recordId"] = "R1" }, DateTimeOffset.UtcNow)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        var (status, body) = await GetAsync(host, "/api/ops");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, body.GetProperty("openDeadLetters").GetProperty("provident-fund").GetInt32());
        Assert.Empty(body.GetProperty("windowsByRule").EnumerateObject());
        Assert.All(body.GetProperty("leads").EnumerateObject(), l => Assert.Equal(0, l.Value.GetInt32()));
        Assert.Equal("Closed", body.GetProperty("crmBreaker").GetString());
        Assert.Empty(body.GetProperty("workflows").EnumerateObject());
        Assert.Equal(1, await host.Get<IDeadLetterStore>().ListAsync("provident-fund", DeadLetterStatus.Open, CancellationToken.None).CountAsync());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(RunningHost host, string path)
    {
        using var response = await host.Http.GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>A stream whose store never answers (a network that drops packets): only the caller's cancellation ends the wait.</summary>
    private sealed class SilentMonitor : IFeedStreamMonitor
    {
        public async Task<FeedStreamState> ReadAsync(CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private sealed class BrokenMonitor : IFeedStreamMonitor
    {
        public Task<FeedStreamState> ReadAsync(CancellationToken cancellationToken) => throw new IOException("the stream's store does not answer");
    }
}
