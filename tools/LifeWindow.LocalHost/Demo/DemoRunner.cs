using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using LifeWindow.Domain.Leads;
using LifeWindow.Domain.Time;
using LifeWindow.Domain.Windows;
using LifeWindow.Functions.Ingress;
using LifeWindow.Integration.Pulls;
using LifeWindow.Integration.Storage;
using LifeWindow.Integration.Streams;
using LifeWindow.Integration.Webhooks;
using LifeWindow.LocalHost.Hosting;
using LifeWindow.LocalHost.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LifeWindow.LocalHost.Demo;

/// <summary>
/// The main job: start the local host, send it signed provident-fund webhooks over real HTTP (plus a
/// redelivery, a forged and an invalid one), wait for the offer workflows, report one CRM outcome,
/// then run each scheduled pull once against the sandbox partner API (which serves the same synthetic
/// provident-fund records, so they must change nothing, plus property-registry and tax records for the same
/// people), and print the windows, leads and pulls.
/// </summary>
public sealed class DemoRunner(TextWriter output)
{
    public const string FeedPath = "/api/feeds/provident-fund";
    public const string OutcomePath = "/api/crm/outcomes";
    public const string ProvidentFundPartner = "gjj_shanghai";
    public const string CrmPartner = "crm";

    /// <summary>Seed of the synthetic population the webhooks send and, through <see cref="HostSettings"/>, the sandbox serves.</summary>
    public const int Seed = 20261124;

    /// <summary>
    /// What the host must be started with for <see cref="DriveAsync"/>: the three pulls enabled, their timers
    /// off (the demo runs each pull itself, and a timer firing first would take its records), and the
    /// sandbox serving the demo's own population.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> HostSettings { get; } = new Dictionary<string, string?>
    {
        ["Sandbox:Seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        [$"{PullJobs.SectionOf(PullJobs.ProvidentFund)}:Enabled"] = "true",
        [$"{PullJobs.SectionOf(PullJobs.PropertyRegistry)}:Enabled"] = "true",
        [$"{PullJobs.SectionOf(PullJobs.Tax)}:Enabled"] = "true",
        [$"{TimerJobs.TimersOffSetting}:0"] = nameof(ProvidentFundPullFunction),
        [$"{TimerJobs.TimersOffSetting}:1"] = nameof(PropertyRegistryPullFunction),
        [$"{TimerJobs.TimersOffSetting}:2"] = nameof(TaxPullFunction),
    };

    public async Task<DemoReport> RunAsync(LocalHostSettings settings, CancellationToken cancellationToken)
    {
        var quiet = new Dictionary<string, string?>(HostSettings) { ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning" };
        foreach (var (key, value) in settings.Overrides)
        {
            quiet[key] = value;
        }

        await using var app = LocalHostApp.Build(settings with { Port = settings.Port == 7071 ? 0 : settings.Port, Overrides = quiet });
        await app.StartAsync(cancellationToken);
        try
        {
            return await DriveAsync(app, cancellationToken);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    public static async Task<DemoReport> DriveAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var services = app.Services;
        var time = services.GetRequiredService<TimeProvider>();
        var partners = services.GetRequiredService<IOptions<WebhookOptions>>().Value.Partners;
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        var pf = new WebhookSender(http, partners[ProvidentFundPartner].Secrets[0], time);
        var crm = new WebhookSender(http, partners[CrmPartner].Secrets[0], time);

        var latest = YearMonth.From(BusinessClock.Today(time)).AddMonths(-1);
        var customers = ProvidentFundSamples.Generate(Seed, latest);
        var report = new DemoReport();

        foreach (var customer in customers)
        {
            foreach (var record in customer.Records)
            {
                var body = WebhookSender.Envelope("provident-fund.contribution", record, time.GetUtcNow());
                using var response = await pf.SendAsync(FeedPath, "pf-" + record["recordId"]!.GetValue<string>(), body, cancellationToken: cancellationToken);
                report.Count(response.StatusCode);
            }
        }

        // A partner retrying a delivery it already made: same webhook-id, same body → replayed, no second effect.
        var first = customers[0].Records[^1];
        using (var again = await pf.SendAsync(FeedPath, "pf-" + first["recordId"]!.GetValue<string>(), WebhookSender.Envelope("provident-fund.contribution", first, time.GetUtcNow()), cancellationToken: cancellationToken))
        {
            report.Replayed += again.Headers.Contains("webhook-replayed") ? 1 : 0;
            report.Count(again.StatusCode);
        }

        // A forged signature and a record with a wrong ID check digit: both refused, neither kept.
        var forged = new WebhookSender(http, "whsec_" + Convert.ToBase64String(new byte[32]), time);
        using (var refused = await forged.SendAsync(FeedPath, "pf-forged-1", WebhookSender.Envelope("provident-fund.contribution", first, time.GetUtcNow()), cancellationToken: cancellationToken))
        {
            report.Count(refused.StatusCode);
        }

        var broken = (JsonObject)first.DeepClone();
        var id = broken["idNumber"]!.GetValue<string>();
        broken["idNumber"] = id[..17] + (id[17] == '0' ? '1' : '0');
        using (var invalid = await pf.SendAsync(FeedPath, "pf-invalid-1", WebhookSender.Envelope("provident-fund.contribution", broken, time.GetUtcNow()), cancellationToken: cancellationToken))
        {
            report.Count(invalid.StatusCode);
        }

        await services.GetRequiredService<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(60), cancellationToken);

        var windows = await services.GetRequiredService<IWindowStore>().ListAsync(cancellationToken).ToListAsync(cancellationToken);
        var durable = services.GetRequiredService<DurableTaskClient>();
        foreach (var window in windows)
        {
            await WaitForStageAsync(durable, window.WindowId, "AwaitingOutcome", cancellationToken);
        }

        // The relationship manager reached the first customer, who accepted.
        if (windows.Count > 0)
        {
            var outcome = new JsonObject
            {
                ["leadId"] = Lead.IdFor(windows[0].WindowId),
                ["outcome"] = nameof(LeadOutcome.Accepted),
                ["rmId"] = "RM-0042",
                ["occurredAt"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            };
            using var response = await crm.SendAsync(OutcomePath, "crm-" + windows[0].WindowId, WebhookSender.Envelope("crm.lead-outcome", outcome, time.GetUtcNow()), cancellationToken: cancellationToken);
            report.OutcomesAccepted += response.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(30));
            await durable.WaitForInstanceCompletionAsync(windows[0].WindowId, cancellation: wait.Token);
        }

        await PullSandboxAsync(services, report, cancellationToken);

        report.Customers = customers;
        report.Windows = await services.GetRequiredService<IWindowStore>().ListAsync(cancellationToken).ToListAsync(cancellationToken);
        report.Leads = await services.GetRequiredService<ILeadStore>().ListAsync(cancellationToken).ToListAsync(cancellationToken);
        report.CrmLeads = services.GetRequiredService<CrmSink.CrmSink>().Leads.Count;
        return report;
    }

    /// <summary>Each pull once, in turn, against the sandbox (injected 500s and 429s included), straight through the runner.</summary>
    private static async Task PullSandboxAsync(IServiceProvider services, DemoReport report, CancellationToken cancellationToken)
    {
        var runner = services.GetRequiredService<PullJobRunner>();
        var sandbox = services.GetRequiredService<PartnerSandbox>();
        var stream = services.GetRequiredService<InMemoryFeedStream>();
        var windows = services.GetRequiredService<IWindowStore>();
        var leads = services.GetRequiredService<ILeadStore>();
        foreach (var job in PullJobs.All)
        {
            var before = (await windows.ListAsync(cancellationToken).CountAsync(cancellationToken), await leads.ListAsync(cancellationToken).CountAsync(cancellationToken));
            var expected = sandbox.Records(PullJobs.FeedOf(job))?.Count ?? 0;
            try
            {
                var result = await runner.RunAsync(job, cancellationToken);
                report.Pulls.Add(new DemoPull(job, result.Status, result.Pages, result.Accepted, result.Rejected, expected));
            }
            catch (Exception ex) when (ex is PartnerPullException or HttpRequestException)
            {
                report.Pulls.Add(new DemoPull(job, null, 0, 0, 0, expected, ex.Message));
            }

            await stream.WaitForIdleAsync(TimeSpan.FromSeconds(60), cancellationToken);
            if (job == PullJobs.ProvidentFund)
            {
                report.NewWindowsFromProvidentFundPull = await windows.ListAsync(cancellationToken).CountAsync(cancellationToken) - before.Item1;
                report.NewLeadsFromProvidentFundPull = await leads.ListAsync(cancellationToken).CountAsync(cancellationToken) - before.Item2;
            }
        }
    }

    public void Print(DemoReport report)
    {
        output.WriteLine();
        output.WriteLine("Customers (synthetic, seeded):");
        foreach (var c in report.Customers)
        {
            output.WriteLine($"  {c.Label,-28} window expected: {(c.ExpectWindow ? "yes" : "no")}");
        }

        output.WriteLine();
        output.WriteLine($"Windows ({report.Windows.Count}):");
        foreach (var w in report.Windows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {w.WindowId}  {w.RuleId,-14} anchor {w.Anchor,-10} {w.State,-8} closes {w.ClosesAt:yyyy-MM-dd}  customer {w.CustomerKey[..11]}…"));
            foreach (var reason in w.Reasons)
            {
                output.WriteLine($"      why: {reason}");
            }
        }

        output.WriteLine();
        output.WriteLine($"Leads ({report.Leads.Count}):");
        foreach (var l in report.Leads)
        {
            output.WriteLine($"  {l.Lead.LeadId}  {l.Lead.OfferName}  outcome: {l.Outcome?.ToString() ?? "awaiting CRM"}");
            output.WriteLine($"      script: {l.Lead.Script}");
        }

        output.WriteLine();
        output.WriteLine($"Sandbox pulls ({report.Pulls.Count}):");
        foreach (var p in report.Pulls)
        {
            output.WriteLine($"  {p.Job,-17} {p.Status?.ToString() ?? "FAILED",-10} {p.Pages} pages, {p.Accepted} accepted (expected {p.Expected}), {p.DeadLetters} dead letters{(p.Error is null ? string.Empty : " — " + p.Error)}");
        }

        output.WriteLine();
        output.WriteLine(report.Summary);
    }

    private static async Task WaitForStageAsync(DurableTaskClient durable, string instanceId, string stage, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            var instance = await durable.GetInstanceAsync(instanceId, cancellation: timeout.Token);
            if (instance?.SerializedCustomStatus?.Contains(stage, StringComparison.Ordinal) == true || instance?.IsCompleted == true)
            {
                return;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}

public sealed class DemoReport
{
    public int Accepted { get; set; }

    public int Rejected { get; set; }

    public int Replayed { get; set; }

    public int OutcomesAccepted { get; set; }

    public int CrmLeads { get; set; }

    public IReadOnlyList<SampleCustomer> Customers { get; set; } = [];

    public IReadOnlyList<Window> Windows { get; set; } = [];

    public IReadOnlyList<LeadRecord> Leads { get; set; } = [];

    /// <summary>One run of each pull against the sandbox, in order: provident fund, property registry, tax.</summary>
    public IList<DemoPull> Pulls { get; } = [];

    public int NewWindowsFromProvidentFundPull { get; set; }

    public int NewLeadsFromProvidentFundPull { get; set; }

    public int ExpectedWindows => Customers.Count(c => c.ExpectWindow);

    /// <summary>
    /// Exactly the expected windows, one lead each, delivered once, the outcome recorded, the two bad deliveries
    /// refused; every pull caught up with all the sandbox's records and no dead letter, and the provident-fund
    /// pull, re-reading what the webhooks sent, opened no window and made no lead.
    /// </summary>
    public bool Succeeded =>
        Windows.Count == ExpectedWindows && Leads.Count == ExpectedWindows && CrmLeads == ExpectedWindows
        && Rejected == 2 && Replayed == 1 && OutcomesAccepted == 1
        && Pulls.Count == PullJobs.All.Count() && Pulls.All(p => p.Succeeded)
        && NewWindowsFromProvidentFundPull == 0 && NewLeadsFromProvidentFundPull == 0;

    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"Demo {(Succeeded ? "OK" : "FAILED")}: {Accepted + Rejected} webhooks sent ({Accepted} accepted incl. {Replayed} replayed redelivery, {Rejected} refused), {Windows.Count} windows opened (expected {ExpectedWindows}), {Leads.Count} leads stored, {CrmLeads} delivered to the CRM, {OutcomesAccepted} outcome recorded. "
        + $"Sandbox pulls: {string.Join(", ", Pulls.Select(p => $"{p.Job} {p.Pages} pages/{p.Accepted} accepted/{p.DeadLetters} dead letters"))}; "
        + $"the provident-fund pull (the webhooks' records again) opened {NewWindowsFromProvidentFundPull} new windows and {NewLeadsFromProvidentFundPull} new leads.");

    public void Count(HttpStatusCode status)
    {
        if ((int)status is >= 200 and < 300)
        {
            Accepted++;
        }
        else
        {
            Rejected++;
        }
    }
}

/// <summary>One pull run in the demo, against what the sandbox holds for its feed.</summary>
public sealed record DemoPull(string Job, PullRunStatus? Status, int Pages, int Accepted, int DeadLetters, int Expected, string? Error = null)
{
    public bool Succeeded => Status == PullRunStatus.CaughtUp && Accepted == Expected && Expected > 0 && DeadLetters == 0;
}
