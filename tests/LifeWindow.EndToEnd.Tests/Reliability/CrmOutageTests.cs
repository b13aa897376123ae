using System.Net.Http.Json;
using Xunit.Abstractions;

namespace LifeWindow.EndToEnd.Tests.Reliability;

/// <summary>
/// The CRM taken away: leads wait in the outbox through an outage far longer than the old retry budget (6 durable
/// tries × 3 HTTP tries), through a CRM that hangs, and come out when it is back — no lead lost, no workflow failed.
/// A permanent refusal parks the lead for an operator, who redelivers it.
/// </summary>
[Trait("Category", "Fault")]
public sealed class CrmOutageTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string?> FastRetries = new()
    {
        ["Policies:Offer:Contact:QuietFrom"] = "00:00",
        ["Policies:Offer:Contact:QuietUntil"] = "00:00",
        ["LeadDelivery:BaseDelaySeconds"] = "1",
        ["LeadDelivery:MaxDelaySeconds"] = "2",
    };

    [Fact]
    public async Task CrmDownThenHanging_LongerThanEveryRetryBudget_EveryLeadArrivesAndNoWorkflowFails()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var ct = timeout.Token;
        await using var crm = await CrmStandIn.StartAsync();
        crm.Mode = CrmMode.Unavailable;
        await using var host = await RunningHost.StartAsync(overrides: new Dictionary<string, string?>(FastRetries) { ["Crm:BaseUrl"] = crm.BaseUrl.ToString() });
        const int customers = 12;
        var population = Population.Create(customers, seed: 21);
        await SendPopulationAsync(host, population, ct);

        // Down until every lead has been tried more often than the old budget of 18 POSTs.
        while (crm.Attempts < customers * 19)
        {
            await Task.Delay(250, ct);
        }

        var pending = await ListAsync(host, "Pending", ct);
        Assert.Equal(customers, pending.Length);
        Assert.All(pending, p => Assert.Equal(503, p.GetProperty("lastStatusCode").GetInt32()));
        Assert.Empty(await FailedWorkflowsAsync(host, ct));

        // Then it hangs (every attempt ends in the HTTP timeout) for a while; then it is back.
        crm.Mode = CrmMode.Hang;
        await Task.Delay(TimeSpan.FromSeconds(15), ct);
        var attemptsWhileDown = crm.Attempts;
        crm.Mode = CrmMode.Accept;

        while (crm.Acknowledged.Count < customers)
        {
            await Task.Delay(250, ct);
        }

        await WaitForAsync(async () => (await ListAsync(host, "Sent", ct)).Length == customers, ct);
        var windows = await host.Get<Integration.Storage.IWindowStore>().ListAsync(ct).ToListAsync(ct);
        Assert.Equal(customers, windows.Count);
        foreach (var window in windows)
        {
            await WaitForAsync(async () => await StageAsync(host, window.WindowId, ct) == "AwaitingOutcome", ct);
            Assert.True(crm.Acknowledged.ContainsKey("lead-" + window.WindowId));
        }

        Assert.Empty(await FailedWorkflowsAsync(host, ct));
        Assert.All(crm.Acknowledged.Values, n => Assert.Equal(1, n));
        output.WriteLine($"CRM outage: {customers} leads, {attemptsWhileDown} POSTs while down (503 then hanging; {attemptsWhileDown / customers} per lead, the old budget was 18), all {crm.Acknowledged.Count} delivered once after it came back, 0 workflows failed");
    }

    [Fact]
    public async Task CrmRefusesWith400_LeadIsParked_OperatorRedeliversAfterTheFix()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = timeout.Token;
        await using var crm = await CrmStandIn.StartAsync();
        crm.Mode = CrmMode.Reject;
        await using var host = await RunningHost.StartAsync(overrides: new Dictionary<string, string?>(FastRetries) { ["Crm:BaseUrl"] = crm.BaseUrl.ToString() });
        var population = Population.Create(1, seed: 22);
        await SendPopulationAsync(host, population, ct);

        JsonElement[] parked = [];
        await WaitForAsync(async () => (parked = await ListAsync(host, "Parked", ct)).Length == 1, ct);
        var lead = parked[0];
        Assert.Equal(400, lead.GetProperty("lastStatusCode").GetInt32());
        Assert.Contains("Unknown branch code", lead.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        await Task.Delay(3000, ct);
        Assert.Equal(1, crm.Attempts); // a permanent refusal is not retried
        var windowId = lead.GetProperty("windowId").GetString()!;
        Assert.Equal("AwaitingDelivery", await StageAsync(host, windowId, ct));

        crm.Mode = CrmMode.Accept;
        using var redeliver = await host.Http.PostAsync(new Uri($"/api/leads/{lead.GetProperty("leadId").GetString()}/redeliver", UriKind.Relative), null, ct);
        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        await WaitForAsync(async () => await StageAsync(host, windowId, ct) == "AwaitingOutcome", ct);
        Assert.Equal(1, crm.Acknowledged["lead-" + windowId]);
        using var again = await host.Http.PostAsync(new Uri($"/api/leads/{lead.GetProperty("leadId").GetString()}/redeliver", UriKind.Relative), null, ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    /// <summary>The population's consents, then (once they are folded) its large transfers, which open the windows.</summary>
    private static async Task SendPopulationAsync(RunningHost host, Population population, CancellationToken ct)
    {
        var figures = new CrashTests.Figures();
        await CrashTests.SendAllAsync(host.Http, Population.PartnerSecrets(), [.. population.Consents], figures, ct, [], () => Task.CompletedTask);
        await host.Get<LocalHost.Hosting.IFeedBacklog>().WaitForIdleAsync(TimeSpan.FromSeconds(30), ct);
        await CrashTests.SendAllAsync(host.Http, Population.PartnerSecrets(), [.. population.Transfers], figures, ct, [], () => Task.CompletedTask);
    }

    private static async Task<JsonElement[]> ListAsync(RunningHost host, string status, CancellationToken ct) =>
        await host.Http.GetFromJsonAsync<JsonElement[]>(new Uri($"/api/leads?status={status}", UriKind.Relative), ct) ?? [];

    private static async Task<string?> StageAsync(RunningHost host, string windowId, CancellationToken ct)
    {
        var status = await host.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/workflows/{windowId}", UriKind.Relative), ct);
        return status.TryGetProperty("customStatus", out var custom) && custom.ValueKind == JsonValueKind.Object ? custom.GetProperty("stage").GetString() : null;
    }

    private static async Task<List<string>> FailedWorkflowsAsync(RunningHost host, CancellationToken ct)
    {
        var failed = new List<string>();
        await foreach (var window in host.Get<Integration.Storage.IWindowStore>().ListAsync(ct))
        {
            var status = await host.Http.GetFromJsonAsync<JsonElement>(new Uri($"/api/workflows/{window.WindowId}", UriKind.Relative), ct);
            if (status.GetProperty("runtimeStatus").GetString() == "Failed")
            {
                failed.Add(window.WindowId);
            }
        }

        return failed;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        while (!await condition())
        {
            await Task.Delay(200, ct);
        }
    }
}
