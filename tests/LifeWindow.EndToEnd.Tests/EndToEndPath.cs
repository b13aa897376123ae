using LifeWindow.Domain.Time;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.DeadLetters;
using LifeWindow.Integration.Pulls;
using LifeWindow.Domain.Leads;
using LifeWindow.Integration.Streams;
using LifeWindow.Sandbox.Crm;
using LifeWindow.Demo;

namespace LifeWindow.EndToEnd.Tests;

/// <summary>
/// Signed webhooks over HTTP (provident fund and the bank's own feeds) and the sandbox pulls → stream →
/// profile → windows (exactly the expected ones, per customer and rule) → offer workflow → lead posted to
/// the CRM → CRM outcome, checked the same way on each backend.
/// </summary>
internal static class EndToEndPath
{
    public static async Task<DemoReport> RunAsync(RunningHost host)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var report = await DemoRunner.DriveAsync(host.App, timeout.Token);

        Assert.True(report.Succeeded, report.Summary + Environment.NewLine + string.Join(Environment.NewLine, report.Mismatches));

        // Exactly the windows each story must open, customer by customer and rule by rule, in the expected state.
        var tokenizer = host.Get<CustomerKeyTokenizer>();
        var today = BusinessClock.Today(TimeProvider.System);
        var expected = new Dictionary<string, Dictionary<string, WindowState>>();
        foreach (var (customer, i) in report.Customers.Select((c, i) => (c, i)))
        {
            // Registry events open DecorationPreApproval / HomeEquity (Marketing), kept shut by the suspended customer's IncomeRisk.
            var rules = customer.ExpectedRules.Contains("IncomeRisk") ? customer.ExpectedRules : [.. customer.ExpectedRules.Union(GovernmentSamples.ExpectedRules(i))];
            expected[DemoRunner.CustomerKeyOf(tokenizer, customer.IdNumber, today)] = rules.ToDictionary(r => r, r => i == 0 && r == "IncomeUpgrade" ? WindowState.Acted : WindowState.Open);
        }

        foreach (var customer in report.LifeEvents)
        {
            expected[DemoRunner.CustomerKeyOf(tokenizer, customer.IdNumber, today)] = new(customer.Expected);
        }

        Assert.Equal(
            [["IncomeUpgrade"], [], ["IncomeUpgrade"], [], ["IncomeRisk"], ["IncomeUpgrade"]],
            report.Customers.Select(c => c.ExpectedRules.ToArray()));
        Assert.Equal(
            ["DecorationPreApproval", "AssetWinBack", "LumpSumInflow", "DecorationPreApproval+RepaymentStress", "Rebalance"],
            report.LifeEvents.Select(c => string.Join('+', c.Expected.Keys.Order(StringComparer.Ordinal))));
        static string Describe(IEnumerable<(string Rule, WindowState State)> windows) =>
            string.Join(", ", windows.OrderBy(w => w.Rule, StringComparer.Ordinal).Select(w => $"{w.Rule}:{w.State}"));
        var keys = expected.Keys.Union(report.Windows.Select(w => w.CustomerKey)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            keys.Select(k => (k, Describe(expected.GetValueOrDefault(k)?.Select(e => (e.Key, e.Value)) ?? []))),
            keys.Select(k => (k, Describe(report.Windows.Where(w => w.CustomerKey == k).Select(w => (w.RuleId, w.State))))));
        Assert.Equal(17, report.ExpectedWindows);
        Assert.Equal(17, report.Windows.Count);
        var suppressed = Assert.Single(report.Windows, w => w.State == WindowState.Suppressed);
        Assert.Equal(("DecorationPreApproval", RuleCategory.Marketing), (suppressed.RuleId, suppressed.Category));
        Assert.Contains(report.Windows, w => w.CustomerKey == suppressed.CustomerKey && w.RuleId == "RepaymentStress" && w.Category == RuleCategory.Risk && w.State == WindowState.Open);
        Assert.Single(report.Leads, l => l.Outcome == Domain.Leads.LeadOutcome.Accepted);
        Assert.Single(report.Windows, w => w.State == WindowState.Acted);
        // Two customers have three Marketing windows each: the contact rules allow two marketing contacts a month,
        // so one window of each is not contacted. Two of the three (DecorationPreApproval and HomeEquity) open together
        // from the registry's transfer, and only one of those two may be contacted: HomeEquity (priority 60) outranks
        // DecorationPreApproval (40) while both wait; if HomeEquity's workflow takes the second slot first, the other is
        // refused by the cap instead. Either way one window per customer, and never HomeEquity for being outranked.
        Assert.Equal(15, report.ExpectedLeads);
        Assert.Equal(2, report.NotContacted.Count);
        Assert.All(report.NotContacted, n => Assert.Matches("^(MarketingCap|Outranked: window w-[0-9a-f]+ \\(HomeEquity, priority 60\\) offers HomeEquityLoan)", n.Reason));
        Assert.All(report.Outranked, o => Assert.Equal("DecorationPreApproval", o.Window.RuleId));
        Assert.Equal(2, report.NotContacted.Select(n => n.Window.CustomerKey).Distinct().Count());
        var contacted = report.Windows.Where(w => !report.NotContacted.Any(n => n.Window.WindowId == w.WindowId));
        Assert.Equal(contacted.Select(w => Domain.Leads.Lead.IdFor(w.WindowId)).Order(StringComparer.Ordinal), report.Leads.Select(l => l.Lead.LeadId).Order(StringComparer.Ordinal));
        Assert.All(report.Leads.GroupBy(l => l.Lead.CustomerKey), g => Assert.True(g.Count(l => l.Lead.Category == RuleCategory.Marketing) <= 2, g.Key));
        Assert.All(report.Leads, l => Assert.False(string.IsNullOrWhiteSpace(l.Lead.Script)));
        Assert.All(report.Windows, w => Assert.NotEmpty(w.Reasons));
        Assert.Equal((report.BankSent, 70), (report.BankAccepted, report.BankSent)); // 62 life-event records and 8 customers' income declarations
        Assert.Equal((report.LifeEventProvidentSent, 26), (report.LifeEventProvidentAccepted, report.LifeEventProvidentSent));

        // Every credit lead went through income verification and a credit decision (sub-orchestrations) and carries it;
        // an approved one says its amount and rate. Decisions above 30万 got the back office's two approvals.
        var creditLeads = report.Leads.Where(l => l.Lead.OfferKind == Domain.Offers.OfferKind.Credit).ToList();
        Assert.NotEmpty(creditLeads);
        Assert.All(creditLeads, l => Assert.Contains(report.CreditDecisions, d => d.DecisionId == l.Lead.Credit?.DecisionId));
        Assert.All(creditLeads.Where(l => l.Lead.Credit!.Decision == Domain.Credit.CreditOutcome.Approve), l => Assert.Contains("预授信", l.Lead.Script, StringComparison.Ordinal));
        Assert.All(report.Leads.Where(l => l.Lead.OfferKind != Domain.Offers.OfferKind.Credit), l => Assert.Null(l.Lead.Credit));
        Assert.DoesNotContain(report.CreditDecisions, d => d.Outcome == Domain.Credit.CreditOutcome.Decline);
        Assert.All(report.CreditDecisions.Where(d => d.ApprovedAmount > 300_000m), d => Assert.Equal(2, d.Approvers.Count));
        Assert.Equal(2 * report.CreditDecisions.Count(d => d.Approvers.Count > 0), report.BackOfficeActions.Count(a => a.Contains("approved by approver.", StringComparison.Ordinal) && a.EndsWith("202", StringComparison.Ordinal)));

        // Each pull ran once against the sandbox; the provident-fund one re-read the webhooks' records and changed nothing.
        Assert.Equal(
            [(PullJobs.ProvidentFund, 78), (PullJobs.PropertyRegistry, 6), (PullJobs.Tax, 19)],
            report.Pulls.Select(p => (p.Job, p.Accepted)));
        Assert.All(report.Pulls, p => Assert.True(p.Succeeded, $"{p.Job}: {p}"));
        Assert.Equal((0, 0), (report.NewWindowsFromProvidentFundPull, report.NewLeadsFromProvidentFundPull));
        Assert.DoesNotContain(await host.Get<IDeadLetterStore>().ListAsync(null, null, timeout.Token).ToListAsync(timeout.Token), l => l.Mode == IngressMode.Pull);

        var sink = host.Get<CrmSink>();
        // 15 leads, and one withdrawal: the lead of the window RepaymentStress suppressed after its delivery.
        var withdrawn = Assert.Single(sink.Withdrawals);
        Assert.Equal(LeadOutcome.Withdrawn, report.Leads.Single(l => l.Lead.LeadId == withdrawn.LeadId).Outcome);
        Assert.Equal((15, 16), (sink.Leads.Count, sink.Deliveries));

        // The funnel the demo draws, read from the host's stores, agrees stage by stage with what the demo saw.
        var funnel = await Microsoft.Extensions.DependencyInjection.ActivatorUtilities.CreateInstance<Integration.Telemetry.FunnelReader>(host.App.Services).ReadAsync(timeout.Token);
        Assert.Equal(report.Expected.Count, funnel.Customers);
        Assert.Equal(1, funnel.RecordsRejected); // the record with a wrong check digit; the forged delivery is refused before it is read
        Assert.Equal(
            report.Windows.GroupBy(w => w.RuleId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())),
            funnel.WindowsByRule.Select(r => (r.Key, r.Value)));
        Assert.Equal((report.ContactDecisions.Count, report.ContactDecisions.Count - report.NotContacted.Count), (funnel.Offers, funnel.OffersContacted));
        Assert.Equal(
            Enum.GetValues<Domain.Credit.CreditOutcome>().Select(o => report.CreditDecisions.Count(d => d.Outcome == o)),
            Enum.GetValues<Domain.Credit.CreditOutcome>().Select(o => funnel.DecisionsByOutcome[o]));
        Assert.Equal(
            report.CreditDecisions.SelectMany(d => d.ReasonCodes.Distinct()).GroupBy(c => c, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())),
            funnel.DecisionsByReason.Select(r => (r.Key, r.Value)));
        Assert.Equal((report.Leads.Count, sink.Leads.Count), (funnel.Leads, funnel.LeadsDelivered));
        Assert.Equal(
            Enum.GetValues<LeadOutcome>().Select(o => report.Leads.Count(l => l.Outcome == o)),
            Enum.GetValues<LeadOutcome>().Select(o => funnel.OutcomesByKind[o]));

        // The partner re-exports the whole batch under new webhook-ids: the records are the same evidence,
        // so nothing new may happen — no window, no lead, no CRM call.
        var pf = new WebhookSender(host.Http, host.Get<Microsoft.Extensions.Options.IOptions<Integration.Webhooks.WebhookOptions>>().Value.Partners[DemoRunner.ProvidentFundPartner].Secrets[0], TimeProvider.System);
        foreach (var record in report.Customers.SelectMany(c => c.Records))
        {
            using var response = await pf.SendAsync(DemoRunner.FeedPath, "reexport-" + record["recordId"]!.GetValue<string>(), WebhookSender.Envelope("provident-fund.contribution", record, DateTimeOffset.UtcNow), cancellationToken: timeout.Token);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }

        await host.Get<LocalHost.Hosting.IFeedBacklog>().WaitForIdleAsync(TimeSpan.FromSeconds(60), timeout.Token);
        await Task.Delay(500, timeout.Token);
        Assert.Equal(
            report.Windows.Select(w => (w.WindowId, w.State)).Order(),
            (await host.Get<IWindowStore>().ListAsync(timeout.Token).ToListAsync(timeout.Token)).Select(w => (w.WindowId, w.State)).Order());
        Assert.Equal(15, (await host.Get<ILeadStore>().ListAsync(timeout.Token).ToListAsync(timeout.Token)).Count);
        Assert.Equal(16, sink.Deliveries);
        Assert.Equal(0, await host.Get<LocalHost.Hosting.IFeedBacklog>().FailedCountAsync(timeout.Token));
        return report;
    }
}

public class EmbeddedBackendTests
{
    [Fact]
    public async Task WebhookToLead_EmbeddedDefault_WorksAndRedeliveryHasNoSecondEffect()
    {
        await using var host = await RunningHost.StartAsync(overrides: DemoRunner.HostSettings);
        var report = await EndToEndPath.RunAsync(host);

        // The demo's privacy part: a withdrawal ends a running offer and tells the CRM; an erasure leaves nothing.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var privacy = await PrivacyDemo.RunAsync(host.App, report, timeout.Token);
        Assert.True(privacy.Succeeded, privacy.ToString());
        Assert.NotNull(privacy.WithdrawnBy);
        Assert.NotEqual(privacy.WithdrawnBy, privacy.ErasedLabel);
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
        var report = await EndToEndPath.RunAsync(host);

        // PIPL: no raw ID number or phone number at rest. Every ID number the demo sent (webhooks and pulls), and every mobile
        // number on its mortgage accounts, is looked for in every table, queue and blob the host wrote: the stores, ledgers, dead letters (encrypted), the feed stream and the task hub's
        // history, instances and large messages.
        var configuration = host.Get<Microsoft.Extensions.Configuration.IConfiguration>();
        string[] idNumbers = [.. report.Customers.Select(c => c.IdNumber).Concat(report.LifeEvents.Select(c => c.IdNumber)).Distinct(StringComparer.Ordinal)];
        string[] phones = [.. report.LifeEvents.SelectMany(c => c.Records).Select(r => r.Data["phone"]?.GetValue<string>()).OfType<string>().Distinct(StringComparer.Ordinal)];
        Assert.NotEmpty(idNumbers);
        Assert.NotEmpty(phones);
        // And no name spoken in the call transcript, raw or as JSON writes it (\uXXXX); the intent phrase beside the names
        // is found, so the scan does read Chinese text in whichever form it was stored.
        string[] names = [.. LifeEventSamples.NamesSpoken.SelectMany(StorageScan.AsStored)];
        var intent = StorageScan.AsStored("月供压力大");
        bool IsIntent(string hit) => intent.Any(i => hit.EndsWith($" holds {i}…", StringComparison.Ordinal));
        var found = await StorageScan.FindAsync(
            azurite.ConnectionString,
            [configuration["Storage:TablePrefix"]!, configuration["Durable:TaskHubName"]!],
            [.. idNumbers.Select(id => id[..17]), .. phones, .. names, .. intent]);
        Assert.True(found.Scanned > 100, $"only {found.Scanned} items scanned");
        Assert.Contains(found.Hits, IsIntent);
        Assert.DoesNotContain(found.Hits, h => !IsIntent(h));

        // PIPL art. 47: a customer whose lead reached the CRM is erased; then nothing anywhere names their key or their
        // windows (leads, outbox entries and workflow instances are named after the window) but the credit records the
        // bank must keep.
        var audit = host.Get<Integration.Audit.IAuditLog>();
        await audit.AnchorAsync(CancellationToken.None);
        var leads = await host.Get<ILeadStore>().ListAsync(CancellationToken.None).ToListAsync();
        var erased = leads.First(l => l.Lead.Credit is not null).Lead.CustomerKey;
        using var erasure = await host.PostAsOperatorAsync($"/api/customers/{erased}/erasure", System.Net.Http.Json.JsonContent.Create(new { reason = "test" }), "ops-1");
        Assert.Equal(System.Net.HttpStatusCode.OK, erasure.StatusCode);
        string[] theirs = [erased, .. report.Windows.Where(w => w.CustomerKey == erased).Select(w => w.WindowId)];
        var left = await StorageScan.FindAsync(
            azurite.ConnectionString,
            [configuration["Storage:TablePrefix"]!, configuration["Durable:TaskHubName"]!],
            theirs);
        var kept = new[] { LifeWindowTables.Exposure, LifeWindowTables.CreditApplications, LifeWindowTables.CreditDecisions }
            .Select(t => $"table {configuration["Storage:TablePrefix"]}{t} ").ToArray();
        Assert.DoesNotContain(left.Hits, h => !kept.Any(k => h.StartsWith(k, StringComparison.Ordinal)));
        Assert.Contains(left.Hits, h => kept.Any(k => h.StartsWith(k, StringComparison.Ordinal))); // the scan does see what is there

        // Every decision of the run is in an unbroken audit chain, the erased customer's chain is gone with a receipt, and
        // the anchor taken before the erasure still verifies.
        var verification = await audit.VerifyAsync(CancellationToken.None);
        Assert.True(verification.Intact, string.Join("\n", verification.Problems));
        Assert.True(verification.Records > report.Windows.Count, $"{verification.Records} audit records for {report.Windows.Count} windows");
    }
}
