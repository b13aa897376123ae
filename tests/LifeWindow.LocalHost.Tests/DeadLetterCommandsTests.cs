using System.Net;
using LifeWindow.Integration.DeadLetters;
using LifeWindow.Sandbox.Partners;
using Microsoft.Extensions.Options;

namespace LifeWindow.LocalHost.Tests;

/// <summary>The dead-letters CLI against a running local host over HTTP.</summary>
public sealed class DeadLetterCommandsTests
{
    [Fact]
    public async Task ListAndResubmit_ThroughTheOperatorApi()
    {
        await using var host = await RunningHost.StartAsync();
        var secret = host.Get<IOptions<Integration.Webhooks.WebhookOptions>>().Value.Partners["gjj_shanghai"].Secrets[0];
        var sender = new WebhookSender(host.Http, secret, TimeProvider.System);
        using (var refused = await sender.SendAsync("/api/feeds/provident-fund", "cli_1", WebhookSender.Envelope("provident-fund.contribution", new System.Text.Json.Nodes.JsonObject { ["recordId"] = "R1" }, DateTimeOffset.UtcNow)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        var id = Assert.Single(await host.Get<IDeadLetterStore>().ListAsync(null, null, CancellationToken.None).ToListAsync()).Id;
        var url = host.App.Urls.First();

        using var listed = new StringWriter();
        Assert.Equal(0, await LifeWindowCli.RunAsync(["dead-letters", "list", "--feed", "provident-fund", "--host", url], listed, TextWriter.Null));
        Assert.Contains(id, listed.ToString(), StringComparison.Ordinal);
        Assert.Contains("data.idNumber: is required", listed.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 dead letter(s)", listed.ToString(), StringComparison.Ordinal);

        using var resubmitted = new StringWriter();
        Assert.Equal(1, await LifeWindowCli.RunAsync(["dead-letters", "resubmit", id, "--host", url], resubmitted, TextWriter.Null));
        Assert.Contains("not accepted (422)", resubmitted.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoHostListening_Exits3()
    {
        using var error = new StringWriter();
        Assert.Equal(3, await LifeWindowCli.RunAsync(["dead-letters", "list", "--host", "http://127.0.0.1:1"], TextWriter.Null, error));
        Assert.Contains("Cannot reach", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingVerb_Exits2WithUsage() =>
        Assert.Equal(2, await LifeWindowCli.RunAsync(["dead-letters"], TextWriter.Null, TextWriter.Null));
}
