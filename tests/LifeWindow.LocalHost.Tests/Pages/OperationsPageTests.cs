using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using LifeWindow.Sandbox.Partners;
using Microsoft.Extensions.Options;

namespace LifeWindow.LocalHost.Tests.Pages;

/// <summary>The operations page in Debian's chromium: feed health, a dead letter resubmitted, the funnel picture.</summary>
public sealed class OperationsPageTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Operator_SeesTheRefusedRecord_ResubmitsIt_AndTheFunnelPicture()
    {
        await using var host = await PagePath.StartAsync();
        var secret = host.Get<IOptions<Integration.Webhooks.WebhookOptions>>().Value.Partners["gjj_shanghai"].Secrets[0];
        using (var refused = await new WebhookSender(host.Http, secret, TimeProvider.System).SendAsync("/api/feeds/provident-fund", "ops-page-1", WebhookSender.Envelope("provident-fund.contribution", new JsonObject { ["recordId"] = "R1" }, DateTimeOffset.UtcNow)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        await PagePath.SendLifeEventAsync(host, "ops-1");
        var page = await chromium.SignInAsync(host, "ops-1", "/api/pages/ops");
        await PagePath.ReloadUntilAsync(page, "#workflows td:text('Completed'), #workflows td:text('Running')");

        // Accepted and rejected are the process's counters since it started (other hosts in this test process add to them); open dead letters are this host's store.
        var pf = await CellsAsync(page, "provident-fund");
        Assert.True(int.Parse(pf[2], CultureInfo.InvariantCulture) >= 1 && pf[3] == "1", string.Join(" | ", pf));
        Assert.True(int.Parse((await CellsAsync(page, "bank"))[1], CultureInfo.InvariantCulture) >= 1);
        Assert.True(int.Parse((await CellsAsync(page, "consent"))[1], CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("消费积压", await page.Locator("#lag").TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#funnel").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the funnel picture did not load");
        Assert.Equal(1, await page.Locator("#windows tr", new() { HasText = "LumpSumInflow" }).CountAsync());
        await Chromium.ShotAsync(page, "ops");

        await page.Locator("#dead-letters button", new() { HasText = "重新提交" }).ClickAsync();
        Assert.Contains("StillRejected", await page.Locator(".notice").TextContentAsync(), StringComparison.Ordinal); // its payload is still not a contribution

        using var svg = await host.Http.GetAsync("/api/pages/funnel.svg");
        Assert.Equal("/api/pages/sign-in", svg.RequestMessage!.RequestUri!.AbsolutePath); // the picture names counts: signed-in operators only
    }

    private static async Task<string[]> CellsAsync(Microsoft.Playwright.IPage page, string feed) =>
        [.. (await page.Locator("#feeds tr", new() { HasText = feed }).Locator("td").AllTextContentsAsync()).Select(t => t.Trim())];
}
