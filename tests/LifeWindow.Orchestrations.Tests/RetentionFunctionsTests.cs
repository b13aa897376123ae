using LifeWindow.Functions.Maintenance;
using LifeWindow.Integration.Outbox;
using LifeWindow.Integration.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LifeWindow.Orchestrations.Tests;

/// <summary>
/// The daily retention jobs with a fake clock, on the real engine in memory and on DurableTask.AzureStorage with Table
/// storage: a day before a record's age is reached it stays, a day after it is gone; an ended workflow's history is
/// purged and a running one is not, however old.
/// </summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class RetentionFunctionsTests(AzuriteFixture azurite)
{
    public static TheoryData<string> Backends => new() { "memory", "azurite" };

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Jobs_ADayBeforeAndADayAfterTheConfiguredAge_KeepThenForget(string backend)
    {
        var prefix = AzuriteFixture.UniqueName("t");
        await using var host = backend == "memory"
            ? await RunningHost.StartAsync(overrides: OfferOrchestratorTests.NoQuietHours)
            : await RunningHost.StartAsync(StorageMode.Azurite, azurite.ConnectionString, new Dictionary<string, string?>(OfferOrchestratorTests.NoQuietHours) { ["Storage:TablePrefix"] = prefix, ["Durable:TaskHubName"] = prefix + "hub" });
        var now = DateTimeOffset.UtcNow;
        var ended = OfferOrchestratorTests.NewWindow("k1-ret-ended", now, TimeSpan.FromDays(30)); // no consent: ends NotContacted
        var running = OfferOrchestratorTests.NewWindow("k1-ret-running", now, TimeSpan.FromDays(30));
        await CreditOffers.SeedIncomeAsync(host, running.CustomerKey);
        await host.GrantConsentsAsync(running.CustomerKey);
        var gateway = new DurableWorkflowGateway(host.Get<DurableTaskClient>());
        foreach (var window in new[] { ended, running })
        {
            Assert.True(await host.Get<IWindowStore>().TryAddAsync(window, CancellationToken.None));
            await gateway.StartOfferAsync(window, CancellationToken.None);
        }

        await WorkflowWaits.ResultAsync<OfferResult>(host, ended.WindowId);
        await WorkflowWaits.StageAsync(host, running.WindowId, "AwaitingOutcome");
        await host.Get<IFactLog>().AppendAsync(
            new ConsentRecord { RecordId = "CS-ret", CustomerKey = running.CustomerKey, EvidenceHash = "ev-ret", Purpose = ConsentPurpose.Marketing, Source = ConsentSource.ProvidentFund, Action = ConsentAction.Granted, EvidenceId = "esign-ret", At = now },
            now,
            CancellationToken.None);
        var retention = host.Get<IOptions<RetentionOptions>>().Value;

        var durable = host.Get<DurableTaskClient>();
        var leadId = Lead.IdFor(running.WindowId);

        // Workflow histories and finished deliveries (90 days): a day short, both stay; a day past, both go — but not the running workflow.
        await RunAllAsync(host, now.AddDays(retention.WorkflowHistoryDays - 1));
        Assert.NotNull(await durable.GetInstanceAsync(ended.WindowId));
        Assert.NotNull(await host.Get<ILeadOutbox>().GetAsync(running.CustomerKey, leadId, LeadEventKind.Created, CancellationToken.None));
        await RunAllAsync(host, now.AddDays(Math.Max(retention.WorkflowHistoryDays, retention.OutboxDays) + 1));
        Assert.Null(await durable.GetInstanceAsync(ended.WindowId));
        Assert.NotNull(await durable.GetInstanceAsync(running.WindowId));
        Assert.Null(await host.Get<ILeadOutbox>().GetAsync(running.CustomerKey, leadId, LeadEventKind.Created, CancellationToken.None));

        // Leads (730 days), then facts (1825 days): a day short each stays, a day past it goes.
        await RunAllAsync(host, now.AddDays(retention.LeadsDays - 1));
        Assert.NotNull(await host.Get<ILeadStore>().GetAsync(running.CustomerKey, leadId, CancellationToken.None));
        await RunAllAsync(host, now.AddDays(retention.LeadsDays + 1));
        Assert.Null(await host.Get<ILeadStore>().GetAsync(running.CustomerKey, leadId, CancellationToken.None));
        await RunAllAsync(host, now.AddDays(retention.FactsDays - 1));
        Assert.NotEmpty(await host.Get<IFactLog>().ReadAsync(running.CustomerKey, CancellationToken.None).ToListAsync());
        await RunAllAsync(host, now.AddDays(retention.FactsDays + 1));
        Assert.Empty(await host.Get<IFactLog>().ReadAsync(running.CustomerKey, CancellationToken.None).ToListAsync());

        // The window is still open (its workflow waits for the CRM): no age removes it.
        Assert.NotNull(await host.Get<IWindowStore>().GetAsync(running.CustomerKey, running.WindowId, CancellationToken.None));
    }

    /// <summary>Runs every retention job once, as the timers would, with the clock at <paramref name="at"/>.</summary>
    private static async Task RunAllAsync(RunningHost host, DateTimeOffset at)
    {
        var jobs = ActivatorUtilities.CreateInstance<RetentionFunctions>(host.Services, new FakeTimeProvider(at));
        var ct = CancellationToken.None;
        await jobs.PurgeWebhookLedger(null!, ct);
        await jobs.PurgeDeadLetters(null!, ct);
        await jobs.PurgeFacts(null!, ct);
        await jobs.PurgeWindows(null!, ct);
        await jobs.PurgeLeads(null!, ct);
        await jobs.PurgeOutbox(null!, ct);
        await jobs.PurgeWorkflowHistories(null!, host.Get<DurableTaskClient>(), ct);
    }
}
