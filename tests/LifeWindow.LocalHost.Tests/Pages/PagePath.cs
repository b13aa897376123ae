using System.Net;
using System.Text.Json.Nodes;
using LifeWindow.Sandbox.Partners;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace LifeWindow.LocalHost.Tests.Pages;

/// <summary>What the page tests do to a running host from outside: a customer's signed webhooks, and waiting on a page.</summary>
internal static class PagePath
{
    /// <summary>A local host on the embedded default with no quiet hours, so a lead is made whatever the hour in Shanghai.</summary>
    public static Task<RunningHost> StartAsync() => RunningHost.StartAsync(overrides: new Dictionary<string, string?>
    {
        ["Policies:Offer:Contact:QuietFrom"] = "00:00",
        ["Policies:Offer:Contact:QuietUntil"] = "00:00",
    });

    /// <summary>A Shanghai-registered customer (so of the LocalResident group): marketing consent, then a 25万 inflow yesterday, which opens LumpSumInflow and so a lead.</summary>
    public static async Task<string> SendLifeEventAsync(RunningHost host, string tag)
    {
        var idNumber = SyntheticIdentities.ResidentId(new Random(tag.GetHashCode(StringComparison.Ordinal)), "310115", new DateOnly(1986, 5, 17), female: true);
        var now = DateTimeOffset.UtcNow;
        await SendAsync(host, "bank_app", "/api/feeds/consent", InflowSamples.ConsentType, InflowSamples.Consent(idNumber, tag, now));
        await SendAsync(host, "core_banking", "/api/feeds/bank", InflowSamples.InflowType, InflowSamples.Inflow(idNumber, tag, now));
        return idNumber;
    }

    private static async Task SendAsync(RunningHost host, string partner, string path, string type, JsonObject data)
    {
        var secret = host.Get<IOptions<Integration.Webhooks.WebhookOptions>>().Value.Partners[partner].Secrets[0];
        using var response = await new WebhookSender(host.Http, secret, TimeProvider.System).SendAsync(path, $"{type}-{data["recordId"]}", WebhookSender.Envelope(type, data, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>Reloads <paramref name="page"/> until <paramref name="selector"/> is there (the workflows run in the background), at most a minute.</summary>
    public static async Task<ILocator> ReloadUntilAsync(IPage page, string selector)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (await page.Locator(selector).CountAsync() == 0)
        {
            Assert.True(DateTime.UtcNow < until, $"{selector} did not appear on {page.Url}:\n{await page.ContentAsync()}");
            await Task.Delay(250);
            await page.ReloadAsync();
        }

        return page.Locator(selector);
    }
}
