using LifeWindow.Domain.Leads;
using LifeWindow.Integration.Outbox;

namespace LifeWindow.LocalHost.Tests;

public sealed class LeadCommandsTests
{
    [Fact]
    public async Task ListAndRedeliver_AParkedLead_ThroughTheOperatorApi()
    {
        await using var host = await RunningHost.StartAsync();
        var outbox = host.Get<ILeadOutbox>();
        var now = DateTimeOffset.UtcNow;
        var lead = new Lead
        {
            LeadId = Lead.IdFor("w-cli"), WindowId = "w-cli", CustomerKey = "k1-cli", RuleId = "LumpSumInflow", CatalogVersion = "v1",
            OfferId = "WealthOutreach", OfferName = "财富客户经理外呼", Script = "您好", Reasons = ["a 25万 inflow"], Evidence = ["ev"],
            CreatedAt = now, RespondBy = now.AddDays(7),
        };
        var (_, entry) = await outbox.EnqueueLeadAsync(lead, now, CancellationToken.None);
        Assert.NotNull(await outbox.TryUpdateAsync(entry with { Status = OutboxStatus.Parked, Attempts = 1, LastStatusCode = 400, LastError = "400 Unknown branch code" }, CancellationToken.None));
        var url = host.App.Urls.First();

        using var parked = new StringWriter();
        Assert.Equal(0, await LifeWindowCli.RunAsync(["leads", "list", "--status", "Parked", "--host", url], parked, TextWriter.Null));
        Assert.Contains(lead.LeadId, parked.ToString(), StringComparison.Ordinal);
        Assert.Contains("400 Unknown branch code", parked.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 delivery(ies)", parked.ToString(), StringComparison.Ordinal);

        using var redelivered = new StringWriter();
        Assert.Equal(0, await LifeWindowCli.RunAsync(["leads", "redeliver", lead.LeadId, "--host", url], redelivered, TextWriter.Null));
        Assert.Contains("due for delivery now", redelivered.ToString(), StringComparison.Ordinal);

        // The dispatcher (every 5 s) delivers it to the local CRM sink.
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await outbox.GetAsync(lead.CustomerKey, lead.LeadId, LeadEventKind.Created, CancellationToken.None))!.Status != OutboxStatus.Sent)
        {
            await Task.Delay(200, wait.Token);
        }

        using var again = new StringWriter();
        Assert.Equal(1, await LifeWindowCli.RunAsync(["leads", "redeliver", lead.LeadId, "--host", url], again, TextWriter.Null));
        Assert.Contains("not scheduled (409)", again.ToString(), StringComparison.Ordinal);

        using var error = new StringWriter();
        Assert.Equal(1, await LifeWindowCli.RunAsync(["leads", "list", "--status", "Lost", "--host", url], TextWriter.Null, error));
        Assert.Contains("400", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingVerb_Exits2WithUsage() =>
        Assert.Equal(2, await LifeWindowCli.RunAsync(["leads"], TextWriter.Null, TextWriter.Null));
}
