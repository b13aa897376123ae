using LifeWindow.Integration.DeadLetters;
using LifeWindow.Integration.Pulls;
using LifeWindow.Integration.Storage;
using LifeWindow.Integration.Streams;
using LifeWindow.LocalHost.CrmSink;
using LifeWindow.LocalHost.Demo;
using LifeWindow.Tests.Shared;

namespace LifeWindow.EndToEnd.Tests;

/// <summary>
/// Signed webhooks over HTTP → stream → profile → window → offer workflow → lead posted to the CRM →
/// CRM outcome, checked the same way on each backend.
/// </summary>
internal static class EndToEndPath
{
    public static async Task RunAsync(RunningHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var report = await DemoRunner.DriveAsync(host.App, timeout.Token);

        Assert.True(report.Succeeded, report.Summary);
        Assert.Equal(3, report.ExpectedWindows);
        Assert.Equal(report.Customers.Where(c => c.ExpectWindow).Count(), report.Windows.Select(w => w.CustomerKey).Distinct().Count());
        Assert.All(report.Windows, w => Assert.Equal("IncomeUpgrade", w.RuleId));
        Assert.Single(report.Leads, l => l.Outcome == Domain.Leads.LeadOutcome.Accepted);
        Assert.Single(report.Windows, w => w.State == Domain.Windows.WindowState.Acted);
        Assert.All(report.Leads, l => Assert.False(string.IsNullOrWhiteSpace(l.Lead.Script)));

        // Each pull ran once against the sandbox; the provident-fund one re-read the webhooks' records and changed nothing.
        Assert.Equal(
            [(PullJobs.ProvidentFund, 78), (PullJobs.PropertyRegistry, 6), (PullJobs.Tax, 19)],
            report.Pulls.Select(p => (p.Job, p.Accepted)));
        Assert.All(report.Pulls, p => Assert.True(p.Succeeded, $"{p.Job}: {p}"));
        Assert.Equal((0, 0), (report.NewWindowsFromProvidentFundPull, report.NewLeadsFromProvidentFundPull));
        Assert.DoesNotContain(await host.Get<IDeadLetterStore>().ListAsync(null, null, timeout.Token).ToListAsync(timeout.Token), l => l.Mode == IngressMode.Pull);

        var sink = host.Get<CrmSink>();
        Assert.Equal(3, sink.Deliveries);

        // The partner re-exports the whole batch under new webhook-ids: the records are the same evidence,
        // so nothing new may happen — no window, no lead, no CRM call.
        var pf = new WebhookSender(host.Http, host.Get<Microsoft.Extensions.Options.IOptions<Integration.Webhooks.WebhookOptions>>().Value.Partners[DemoRunner.ProvidentFundPartner].Secrets[0], TimeProvider.System);
        foreach (var record in report.Customers.SelectMany(c => c.Records))
        {
            using var response = await pf.SendAsync(DemoRunner.FeedPath, "reexport-" + record["recordId"]!.GetValue<string>(), WebhookSender.Envelope("provident-fund.contribution", record, DateTimeOffset.UtcNow), cancellationToken: timeout.Token);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }

        await host.Get<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(60), timeout.Token);
        await Task.Delay(500, timeout.Token);
        Assert.Equal(3, (await host.Get<IWindowStore>().ListAsync(timeout.Token).ToListAsync(timeout.Token)).Count);
        Assert.Equal(3, (await host.Get<ILeadStore>().ListAsync(timeout.Token).ToListAsync(timeout.Token)).Count);
        Assert.Equal(3, sink.Deliveries);
        Assert.Empty(host.Get<InMemoryFeedStream>().Failed);
    }
}

public class EmbeddedBackendTests
{
    [Fact]
    public async Task WebhookToLead_EmbeddedDefault_WorksAndRedeliveryHasNoSecondEffect()
    {
        await using var host = await RunningHost.StartAsync(overrides: DemoRunner.HostSettings);
        await EndToEndPath.RunAsync(host);
    }
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class AzuriteBackendTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task WebhookToLead_TablesAndDurableTaskAzureStorage_WorksAndRedeliveryHasNoSecondEffect()
    {
        await using var host = await RunningHost.StartAsync(LocalHost.Hosting.StorageMode.Azurite, azurite.ConnectionString, DemoRunner.HostSettings);
        Assert.IsType<TableWindowStore>(host.Get<IWindowStore>());
        await EndToEndPath.RunAsync(host);
    }
}
