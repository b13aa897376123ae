using LifeWindow.Domain.Identity;
using LifeWindow.Domain.Windows;
using LifeWindow.Functions.Ingress;
using LifeWindow.Domain.Contact;
using LifeWindow.Integration.Contact;
using LifeWindow.Integration.Pulls;
using LifeWindow.Domain.Credit;
using LifeWindow.Integration.Outbox;
using LifeWindow.Integration.Streams;
using LifeWindow.Integration.Telemetry;
using LifeWindow.LocalHost.Hosting;

namespace LifeWindow.Demo;

/// <summary>
/// The main job: start the local host, send it signed provident-fund webhooks over real HTTP (plus a
/// redelivery, a forged and an invalid one) and the bank's own records for a few more people (life events:
/// a seasoned mortgage, assets leaving, a lump sum, a worried call, a portfolio off its risk grade), wait
/// for the offer workflows, report one CRM outcome, then run each scheduled pull once against the sandbox
/// partner API (which serves the same synthetic provident-fund records, so they must change nothing, plus
/// property-registry and tax records for the same people), and check that exactly the expected windows
/// opened, customer by customer and rule by rule, with one lead each delivered once to the CRM.
/// </summary>
public sealed class DemoRunner(TextWriter output, string? funnelFile = null)
{
    /// <summary>Where the demo writes its funnel picture unless told otherwise (relative to the working directory).</summary>
    public const string DefaultFunnelFile = "artifacts/funnel.svg";

    public const string FeedPath = "/api/feeds/provident-fund";
    public const string BankFeedPath = "/api/feeds/bank";
    public const string OutcomePath = "/api/crm/outcomes";
    public const string ProvidentFundPartner = "gjj_shanghai";
    public const string BankPartner = "core_banking";
    public const string ConsentFeedPath = "/api/feeds/consent";
    public const string ConsentPartner = "bank_app";
    public const string CrmPartner = "crm";

    /// <summary>Seed of the synthetic population the webhooks send and, through <see cref="HostSettings"/>, the sandbox serves.</summary>
    public const int Seed = 20261124;

    /// <summary>Seed of the life-event customers (bank feeds only), other people than <see cref="Seed"/>'s.</summary>
    public const int LifeEventSeed = Seed + 1;

    /// <summary>
    /// What every demo host runs with. Quiet hours (21:00–09:00 Asia/Shanghai) would hold the demo's leads until morning
    /// when it runs at night, so the demo hosts turn them off; the offer workflow's tests cover the deferral on a durable timer.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> QuietHostSettings { get; } = new Dictionary<string, string?>
    {
        ["Policies:Offer:Contact:QuietFrom"] = "00:00",
        ["Policies:Offer:Contact:QuietUntil"] = "00:00",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
    };

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
        ["Policies:Offer:Contact:QuietFrom"] = QuietHostSettings["Policies:Offer:Contact:QuietFrom"],
        ["Policies:Offer:Contact:QuietUntil"] = QuietHostSettings["Policies:Offer:Contact:QuietUntil"],
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
            var report = await DriveAsync(app, cancellationToken);
            await WriteFunnelAsync(app.Services, report, cancellationToken);
            report.Privacy = await PrivacyDemo.RunAsync(app, report, cancellationToken);
            return report;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The funnel from the host's stores, taken with the rest of the report (before the privacy part erases a customer), and its picture.</summary>
    private async Task WriteFunnelAsync(IServiceProvider services, DemoReport report, CancellationToken cancellationToken)
    {
        report.Funnel = await services.GetRequiredService<FunnelReader>().ReadAsync(cancellationToken);
        if (funnelFile is not null)
        {
            report.FunnelFile = Path.GetFullPath(funnelFile);
            Directory.CreateDirectory(Path.GetDirectoryName(report.FunnelFile)!);
            await File.WriteAllTextAsync(report.FunnelFile, FunnelPicture.Render(report.Funnel), cancellationToken);
        }
    }

    /// <summary>
    /// Every demo customer and the windows they must end with. Provident-fund people: their story's rules
    /// plus their registry event's (<see cref="GovernmentSamples.ExpectedRules"/>), whose Marketing rules a
    /// Risk rule of the story keeps shut; the first window of the first customer with one is the one the
    /// relationship manager closes (Acted). Life-event people: their story's windows and states.
    /// </summary>
    public static IReadOnlyList<DemoExpectation> Expectations(
        IReadOnlyList<SampleCustomer> customers, IReadOnlyList<LifeEventCustomer> lifeEvents, RuleCatalog catalog, Func<string, string> customerKey)
    {
        var expectations = new List<DemoExpectation>();
        var acted = customers.FirstOrDefault(c => c.ExpectedRules.Count > 0);
        for (var i = 0; i < customers.Count; i++)
        {
            var customer = customers[i];
            var risk = customer.ExpectedRules.Any(r => catalog.Rule(r).Category == RuleCategory.Risk);
            var windows = customer.ExpectedRules
                .Concat(GovernmentSamples.ExpectedRules(i).Where(r => !risk || catalog.Rule(r).Category != RuleCategory.Marketing))
                .Distinct(StringComparer.Ordinal)
                .ToDictionary(r => r, r => customer == acted && r == customer.ExpectedRules[0] ? WindowState.Acted : WindowState.Open, StringComparer.Ordinal);
            expectations.Add(new DemoExpectation(DemoExpectation.ProvidentFundPart, customer.Label, customerKey(customer.IdNumber), windows));
        }

        expectations.AddRange(lifeEvents.Select(c => new DemoExpectation(DemoExpectation.LifeEventsPart, c.Label, customerKey(c.IdNumber), c.Expected)));
        return expectations;
    }

    public static async Task<DemoReport> DriveAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var services = app.Services;
        var time = services.GetRequiredService<TimeProvider>();
        var partners = services.GetRequiredService<IOptions<WebhookOptions>>().Value.Partners;
        var tokenizer = services.GetRequiredService<CustomerKeyTokenizer>();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        var pf = new WebhookSender(http, partners[ProvidentFundPartner].Secrets[0], time);
        var bank = new WebhookSender(http, partners[BankPartner].Secrets[0], time);
        var crm = new WebhookSender(http, partners[CrmPartner].Secrets[0], time);
        var consentApp = new WebhookSender(http, partners[ConsentPartner].Secrets[0], time);
        var backOffice = new BackOffice(http, services.GetRequiredService<DurableTaskClient>(), services.GetRequiredService<IOptions<OperatorOptions>>().Value);

        var today = BusinessClock.Today(time);
        var latest = YearMonth.From(today).AddMonths(-1);
        var customers = ProvidentFundSamples.Generate(Seed, latest);
        var lifeEvents = LifeEventSamples.Generate(LifeEventSeed, today);
        var report = new DemoReport
        {
            Customers = customers,
            LifeEvents = lifeEvents,
            Expected = Expectations(customers, lifeEvents, services.GetRequiredService<RuleCatalog>(), id => CustomerKeyOf(tokenizer, id, today)),
        };

        // Every demo customer signed the bank's consents in its app: marketing contact and credit assessment, for each
        // source. Without them the rules use none of that source's data and the offer workflow contacts no one.
        foreach (var idNumber in customers.Select(c => c.IdNumber).Concat(lifeEvents.Select(c => c.IdNumber)))
        {
            foreach (var (purpose, source) in new[] { "Marketing", "CreditAssessment" }.SelectMany(p => new[] { "ProvidentFund", "PropertyRegistry", "Tax", "Consumption" }.Select(s => (p, s))))
            {
                var consent = new JsonObject
                {
                    ["schemaVersion"] = 1,
                    ["recordId"] = $"CS-{purpose}-{source}-{idNumber[^6..]}",
                    ["idNumber"] = idNumber,
                    ["purpose"] = purpose,
                    ["source"] = source,
                    ["action"] = "Granted",
                    ["evidenceId"] = $"esign-{purpose}-{idNumber[^6..]}",
                    ["at"] = time.GetUtcNow().AddDays(-60).ToString("O", CultureInfo.InvariantCulture),
                };
                using var response = await consentApp.SendAsync(ConsentFeedPath, $"consent-{purpose}-{source}-{idNumber[^6..]}", WebhookSender.Envelope("consent.record", consent, time.GetUtcNow()), cancellationToken: cancellationToken);
                report.ConsentsSent++;
                report.ConsentsAccepted += response.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
            }
        }

        // Each of them stated their income when they last applied in the app: their current provident-fund base (no one
        // over-declares here). A credit offer is pre-decided only on such a declaration, checked against the sources.
        await SendBankAsync(bank, IncomeDeclarations(customers.Select(c => (c.IdNumber, c.Records)).Concat(lifeEvents.Select(c => (c.IdNumber, c.Provident))), time), report, time, cancellationToken);

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

        // The mortgage holders among them also contribute to the provident fund (their credit offers verify income against it).
        foreach (var record in lifeEvents.SelectMany(c => c.Provident))
        {
            using var response = await pf.SendAsync(FeedPath, "pf-" + record["recordId"]!.GetValue<string>(), WebhookSender.Envelope("provident-fund.contribution", record, time.GetUtcNow()), cancellationToken: cancellationToken);
            report.LifeEventProvidentSent++;
            report.LifeEventProvidentAccepted += response.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
        }

        // Life events: the bank's own systems send each customer's records, one signed webhook per record.
        await SendBankAsync(bank, lifeEvents.SelectMany(c => c.Records), report, time, cancellationToken);
        await SettleAsync(services, backOffice, cancellationToken);

        // Later, one of them calls the contact centre: a Risk window opens and their open Marketing window is suppressed.
        await SendBankAsync(bank, lifeEvents.SelectMany(c => c.Later), report, time, cancellationToken);
        await SettleAsync(services, backOffice, cancellationToken);

        // The relationship manager reached the first customer with a window, who accepted.
        var actedKey = report.Expected.FirstOrDefault(e => e.Windows.Values.Contains(WindowState.Acted));
        var windows = await services.GetRequiredService<IWindowStore>().ListAsync(cancellationToken).ToListAsync(cancellationToken);
        if (actedKey is not null && windows.FirstOrDefault(w => w.CustomerKey == actedKey.CustomerKey && actedKey.Windows.GetValueOrDefault(w.RuleId) == WindowState.Acted) is { } reached)
        {
            var outcome = new JsonObject
            {
                ["leadId"] = Lead.IdFor(reached.WindowId),
                ["outcome"] = nameof(LeadOutcome.Accepted),
                ["rmId"] = "RM-0042",
                ["occurredAt"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            };
            using var response = await crm.SendAsync(OutcomePath, "crm-" + reached.WindowId, WebhookSender.Envelope("crm.lead-outcome", outcome, time.GetUtcNow()), cancellationToken: cancellationToken);
            report.OutcomesAccepted += response.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(30));
            await services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(reached.WindowId, cancellation: wait.Token);
        }

        await PullSandboxAsync(services, report, cancellationToken);
        await SettleAsync(services, backOffice, cancellationToken);

        report.Windows = await services.GetRequiredService<IWindowStore>().ListAsync(cancellationToken).ToListAsync(cancellationToken);
        report.Leads = await services.GetRequiredService<ILeadStore>().ListAsync(cancellationToken).ToListAsync(cancellationToken);
        var ledger = services.GetRequiredService<IContactLedger>();
        foreach (var customer in report.Windows.Select(w => w.CustomerKey).Distinct(StringComparer.Ordinal))
        {
            foreach (var entry in await ledger.ReadAsync(customer, cancellationToken))
            {
                report.ContactDecisions[entry.WindowId] = entry.Decision;
            }
        }

        var catalog = services.GetRequiredService<RuleCatalog>();
        var cap = services.GetRequiredService<IOptions<OfferPolicyOptions>>().Value.Contact.MaxMarketingContacts;
        report.MarketingCap = cap;
        report.Categories = catalog.Rules.ToDictionary(r => r.Id, r => r.Category, StringComparer.Ordinal);
        report.BackOfficeActions = backOffice.Actions;
        foreach (var window in report.Windows)
        {
            var decision = await services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(CreditDecisionInput.InstanceIdFor(window.WindowId), getInputsAndOutputs: true, cancellationToken);
            if (decision?.RuntimeStatus == OrchestrationRuntimeStatus.Completed && decision.ReadOutputAs<CreditDecisionResult>() is { } result)
            {
                report.CreditDecisions.Add(result);
            }
        }

        var sink = services.GetRequiredService<Sandbox.Crm.CrmSink>();
        report.CrmLeads = sink.Leads.Count;
        report.CrmDeliveries = sink.Deliveries;
        report.CrmWithdrawals = sink.Withdrawals.Count;
        return report;
    }

    /// <summary>The customer key the host derives from an ID number (the pepper of its settings).</summary>
    public static string CustomerKeyOf(CustomerKeyTokenizer tokenizer, string idNumber, DateOnly today) =>
        ResidentIdNumber.TryParse(idNumber, today, out var parsed, out var error)
            ? tokenizer.CustomerKey(parsed!)
            : throw new InvalidOperationException($"synthetic ID number is invalid: {error}");

    /// <summary>A bank.income-declaration per customer with provident-fund records: their latest month's contribution base.</summary>
    private static IEnumerable<TypedRecord> IncomeDeclarations(IEnumerable<(string IdNumber, IReadOnlyList<JsonObject> Provident)> customers, TimeProvider time) =>
        customers.Where(c => c.Provident.Count > 0).Select(c => new TypedRecord("bank.income-declaration", new JsonObject
        {
            ["schemaVersion"] = 1,
            ["recordId"] = "CB-ID-" + c.IdNumber[^6..],
            ["idNumber"] = c.IdNumber,
            ["monthlyIncome"] = c.Provident.MaxBy(r => r["period"]!.GetValue<string>())!["contributionBase"]!.GetValue<decimal>(),
            ["channel"] = "App",
            ["declaredAt"] = time.GetUtcNow().AddDays(-30).ToString("O", CultureInfo.InvariantCulture),
        }));

    private static async Task SendBankAsync(WebhookSender bank, IEnumerable<TypedRecord> records, DemoReport report, TimeProvider time, CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            using var response = await bank.SendAsync(BankFeedPath, "bank-" + record.Data["recordId"]!.GetValue<string>(), WebhookSender.Envelope(record.EventType, record.Data, time.GetUtcNow()), cancellationToken: cancellationToken);
            report.BankSent++;
            report.BankAccepted += response.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
        }
    }

    /// <summary>Waits until the stream is drained and every window's offer workflow has delivered its lead (or finished).</summary>
    private static async Task SettleAsync(IServiceProvider services, BackOffice backOffice, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<IFeedBacklog>().WaitForIdleAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var durable = services.GetRequiredService<DurableTaskClient>();
        await foreach (var window in services.GetRequiredService<IWindowStore>().ListAsync(cancellationToken))
        {
            await WaitForStageAsync(durable, window.WindowId, "AwaitingOutcome", backOffice, cancellationToken);
        }

        // And the lead outbox has sent what it holds (a withdrawal goes out on the dispatcher's next run, within 5 s).
        var outbox = services.GetRequiredService<ILeadOutbox>();
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(60));
        while (await outbox.ListAsync(OutboxStatus.Pending, wait.Token).AnyAsync(wait.Token))
        {
            await Task.Delay(100, wait.Token);
        }
    }

    /// <summary>Each pull once, in turn, against the sandbox (injected 500s and 429s included), straight through the runner.</summary>
    private static async Task PullSandboxAsync(IServiceProvider services, DemoReport report, CancellationToken cancellationToken)
    {
        var runner = services.GetRequiredService<PullJobRunner>();
        var sandbox = services.GetRequiredService<PartnerSandbox>();
        var stream = services.GetRequiredService<IFeedBacklog>();
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
        var labels = report.Expected.ToDictionary(e => e.CustomerKey, e => e.Label, StringComparer.Ordinal);
        foreach (var part in report.Expected.GroupBy(e => e.Part))
        {
            output.WriteLine();
            output.WriteLine($"Customers: {part.Key} (synthetic, seeded) and the windows they must end with:");
            foreach (var e in part)
            {
                output.WriteLine($"  {e.Label,-40} {(e.Windows.Count == 0 ? "none" : string.Join(", ", e.Windows.Select(w => w.Value == WindowState.Open ? w.Key : $"{w.Key} ({w.Value})")))}");
            }
        }

        output.WriteLine();
        output.WriteLine($"Windows by rule ({report.Windows.Count}):");
        foreach (var rule in report.Windows.GroupBy(w => w.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {rule.Key} ({rule.First().Category}): {rule.Count()}");
            foreach (var w in rule.OrderBy(w => labels.GetValueOrDefault(w.CustomerKey, w.CustomerKey), StringComparer.Ordinal))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {w.State,-10} {labels.GetValueOrDefault(w.CustomerKey, "unknown " + w.CustomerKey[..11] + "…"),-40} anchor {w.Anchor}  closes {w.ClosesAt:yyyy-MM-dd}  {w.WindowId}"));
                foreach (var reason in w.Reasons)
                {
                    output.WriteLine($"               why: {reason}");
                }
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
        output.WriteLine($"Back office ({report.BackOfficeActions.Count} actions on the credit offers' sub-orchestrations):");
        foreach (var action in report.BackOfficeActions)
        {
            output.WriteLine("  " + action);
        }

        output.WriteLine();
        output.WriteLine($"Credit decisions ({report.CreditDecisions.Count}):");
        foreach (var d in report.CreditDecisions)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {d.DecisionId}  {d.Outcome}  {d.ApprovedAmount / 10_000m:0.##}万元 at {d.AnnualRatePct:0.##}%  {string.Join(", ", d.ReasonCodes)}{(d.Approvers.Count > 0 ? "  approvers " + string.Join(", ", d.Approvers) : string.Empty)}"));
        }

        output.WriteLine();
        output.WriteLine($"Sandbox pulls ({report.Pulls.Count}):");
        foreach (var p in report.Pulls)
        {
            output.WriteLine($"  {p.Job,-17} {p.Status?.ToString() ?? "FAILED",-10} {p.Pages} pages, {p.Accepted} accepted (expected {p.Expected}), {p.DeadLetters} dead letters{(p.Error is null ? string.Empty : " — " + p.Error)}");
        }

        if (report.NotContacted.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Not contacted ({report.NotContacted.Count}):");
            foreach (var (window, reason) in report.NotContacted)
            {
                output.WriteLine($"  {window.RuleId,-22} {window.WindowId}  {reason}");
            }
        }

        if (report.Mismatches.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Not as expected:");
            foreach (var m in report.Mismatches)
            {
                output.WriteLine("  " + m);
            }
        }

        PrintFunnel(report);
        PrintPrivacy(report.Privacy);
        output.WriteLine();
        output.WriteLine(report.Summary);
    }

    private void PrintFunnel(DemoReport report)
    {
        if (report.Funnel is null)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Funnel (read from the host's stores when the report above was taken):");
        foreach (var line in FunnelPicture.Table(report.Funnel))
        {
            output.WriteLine("  " + line);
        }

        if (report.FunnelFile is not null)
        {
            output.WriteLine("Funnel picture written to " + report.FunnelFile);
        }
    }

    private void PrintPrivacy(PrivacyReport? privacy)
    {
        if (privacy is null)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Privacy (PIPL), after the report above was taken:");
        output.WriteLine($"  {privacy.WithdrawnBy ?? "(no customer with a lead waiting)",-40} withdrew marketing consent in the bank's app: running offer workflow ended {privacy.WorkflowOutcome?.ToString() ?? "(not ended)"}, the CRM {(privacy.CrmToldOfWithdrawal ? "was sent lifewindow.lead.withdrawn" : "heard nothing")}");
        if (privacy.Receipt is { } receipt)
        {
            output.WriteLine($"  {privacy.ErasedLabel,-40} erased by {receipt.RequestedBy}: receipt {receipt.ErasureId}, key hash {receipt.KeyHash[..16]}…; "
                + string.Join(", ", receipt.Erased.Where(e => e.Value > 0).Select(e => $"{e.Value} {e.Key}"))
                + $"; left: {privacy.WindowsLeftAfterErasure} windows, {privacy.DecisionsLeftAfterErasure} decisions; kept by law: {string.Join("; ", receipt.Retained)}");
        }
    }

    private static async Task WaitForStageAsync(DurableTaskClient durable, string instanceId, string stage, BackOffice backOffice, CancellationToken cancellationToken)
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

            if (timeout.IsCancellationRequested || cancellationToken.IsCancellationRequested)
            {
                break;
            }

            // A credit offer waits on its sub-orchestrations: the bank's back office answers what they ask for.
            await backOffice.ActAsync(instanceId, instance?.SerializedCustomStatus, timeout.Token);

            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        var stuck = new List<string>();
        foreach (var id in new[] { instanceId, "iv-" + instanceId, "cd-" + instanceId })
        {
            var sub = await durable.GetInstanceAsync(id, cancellationToken);
            stuck.Add($"{id}: {sub?.RuntimeStatus.ToString() ?? "none"} {sub?.SerializedCustomStatus}");
        }

        throw new TimeoutException($"workflow {instanceId} did not reach {stage} within 60 s: {string.Join("; ", stuck)}");
    }
}
