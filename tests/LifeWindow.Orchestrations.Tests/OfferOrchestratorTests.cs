using LifeWindow.Orchestrations;

namespace LifeWindow.Orchestrations.Tests;

/// <summary>The offer workflow on the real DTFx engine (in-memory), with the lead posted over HTTP to the host's CRM sink.</summary>
public sealed class OfferOrchestratorTests : IAsyncLifetime
{
    private RunningHost host = null!;

    /// <summary>Quiet hours off (the tests run at any hour); the deferral test sets its own.</summary>
    internal static readonly Dictionary<string, string?> NoQuietHours = new()
    {
        ["Policies:Offer:Contact:QuietFrom"] = "00:00",
        ["Policies:Offer:Contact:QuietUntil"] = "00:00",
    };

    public async Task InitializeAsync() => host = await RunningHost.StartAsync(overrides: NoQuietHours);

    public async Task DisposeAsync() => await host.DisposeAsync();

    internal static Task GrantConsentsAsync(RunningHost host, string customer, params ConsentPurpose[] purposes) =>
        host.GrantConsentsAsync(customer, purposes);

    private async Task<Window> OpenWindowAsync(TimeSpan openFor, string customer, bool consent = true)
    {
        if (consent)
        {
            // The only candidate is a credit offer: the customer's income must verify (provident fund and payroll) for it to reach the CRM.
            await CreditOffers.SeedIncomeAsync(host, customer);
            await GrantConsentsAsync(host, customer);
        }

        var window = NewWindow(customer, DateTimeOffset.UtcNow, openFor);
        Assert.True(await host.Get<IWindowStore>().TryAddAsync(window, CancellationToken.None));
        return window;
    }

    internal static Window NewWindow(string customer, DateTimeOffset now, TimeSpan openFor, string offerId = "LimitUpgradeReview") =>
        new()
        {
            WindowId = Window.IdFor(customer, "IncomeUpgrade", "pf:2026-10"),
            CustomerKey = customer,
            RuleId = "IncomeUpgrade",
            Anchor = "pf:2026-10",
            CatalogVersion = "v1",
            OpensAt = now,
            ClosesAt = now + openFor,
            Priority = 50,
            CoolOffDays = 90,
            CandidateOffers = [offerId],
            Evidence = ["e1"],
            Reasons = ["公积金缴存基数同比上涨25%"],
        };

    /// <summary>The workflow ends without a lead, for a reason that starts with <paramref name="reason"/>.</summary>
    private async Task AssertNotContactedAsync(Window window, string reason)
    {
        var result = await WaitForResultAsync(window.WindowId);
        Assert.StartsWith(reason, result.NotContactedReason, StringComparison.Ordinal);
        Assert.Empty(host.Get<CrmSink>().Leads);
    }

    /// <summary>A credit-offer window for a consenting customer with income, its workflow started and waiting out quiet hours.</summary>
    private static async Task<Window> StartDeferredAsync(RunningHost quiet, string customer)
    {
        await CreditOffers.SeedIncomeAsync(quiet, customer);
        await GrantConsentsAsync(quiet, customer);
        var window = NewWindow(customer, DateTimeOffset.UtcNow, TimeSpan.FromDays(30));
        Assert.True(await quiet.Get<IWindowStore>().TryAddAsync(window, CancellationToken.None));
        await new DurableWorkflowGateway(quiet.Get<DurableTaskClient>()).StartOfferAsync(window, CancellationToken.None);
        await WorkflowWaits.StageAsync(quiet, window.WindowId, "DeferredUntil");
        return window;
    }

    /// <summary>A host whose quiet hours began a minute ago and last five more (Asia/Shanghai): a workflow started now waits.</summary>
    private static Task<RunningHost> StartQuietForMinutesAsync(Dictionary<string, string?>? extra = null)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, LifeWindow.Domain.Time.BusinessClock.Zone).DateTime;
        var overrides = new Dictionary<string, string?>(extra ?? [])
        {
            ["Policies:Offer:Contact:QuietFrom"] = TimeOnly.FromDateTime(local.AddMinutes(-1)).ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ["Policies:Offer:Contact:QuietUntil"] = TimeOnly.FromDateTime(local.AddMinutes(5)).ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        };
        return RunningHost.StartAsync(overrides: overrides);
    }

    private Task StartOfferAsync(Window window) => new DurableWorkflowGateway(host.Get<DurableTaskClient>()).StartOfferAsync(window, CancellationToken.None);

    private Task<OrchestrationMetadata> WaitForStageAsync(string instanceId, string stage) => WorkflowWaits.StageAsync(host, instanceId, stage);

    private Task<OfferResult> WaitForResultAsync(string instanceId) => WorkflowWaits.ResultAsync<OfferResult>(host, instanceId);

    [Fact]
    public async Task Offer_OutcomeBeforeTheWindowCloses_LeadDeliveredOnceAndOutcomeRecorded()
    {
        var window = await OpenWindowAsync(TimeSpan.FromDays(30), "k1-orch-1");
        var gateway = new DurableWorkflowGateway(host.Get<DurableTaskClient>());

        await gateway.StartOfferAsync(window, CancellationToken.None);
        await gateway.StartOfferAsync(window, CancellationToken.None);
        await WaitForStageAsync(window.WindowId, "AwaitingOutcome");

        var leadId = Lead.IdFor(window.WindowId);
        var sink = host.Get<CrmSink>();
        Assert.Equal(leadId, Assert.Single(sink.Leads).IdempotencyKey);
        Assert.Contains("信用额度提升评估", Assert.Single(sink.Leads).Body.GetProperty("script").GetString(), StringComparison.Ordinal);

        var raised = await gateway.RaiseCrmOutcomeAsync(window.WindowId, new CrmOutcome(leadId, LeadOutcome.Declined, "RM-1", DateTimeOffset.UtcNow, null), CancellationToken.None);
        Assert.Equal(RaiseOutcome.Raised, raised);

        var result = await WaitForResultAsync(window.WindowId);
        Assert.Equal(LeadOutcome.Declined, result.Outcome);
        Assert.Equal("RM-1", result.RmId);
        Assert.Equal(WindowState.Acted, (await host.Get<IWindowStore>().GetAsync(window.CustomerKey, window.WindowId, CancellationToken.None))!.State);
        Assert.Equal(LeadOutcome.Declined, (await host.Get<ILeadStore>().GetAsync(window.CustomerKey, leadId, CancellationToken.None))!.Outcome);
        Assert.Single(sink.Leads);
    }

    [Fact]
    public async Task Offer_NoOutcomeBeforeTheWindowCloses_ExpiresAndALateOutcomeIsRefused()
    {
        var window = await OpenWindowAsync(TimeSpan.FromSeconds(2), "k1-orch-2");
        var gateway = new DurableWorkflowGateway(host.Get<DurableTaskClient>());
        await gateway.StartOfferAsync(window, CancellationToken.None);

        var result = await WaitForResultAsync(window.WindowId);

        Assert.Equal(LeadOutcome.Expired, result.Outcome);
        Assert.Equal(WindowState.Expired, (await host.Get<IWindowStore>().GetAsync(window.CustomerKey, window.WindowId, CancellationToken.None))!.State);
        var late = await gateway.RaiseCrmOutcomeAsync(window.WindowId, new CrmOutcome(result.LeadId!, LeadOutcome.Accepted, "RM-1", DateTimeOffset.UtcNow, null), CancellationToken.None);
        Assert.Equal(RaiseOutcome.NotRunning, late);
    }

    [Fact]
    public async Task Gateway_OutcomeForUnknownWindow_IsNotFound() =>
        Assert.Equal(
            RaiseOutcome.NotFound,
            await new DurableWorkflowGateway(host.Get<DurableTaskClient>()).RaiseCrmOutcomeAsync("w-0000", new CrmOutcome("lead-w-0000", LeadOutcome.Accepted, "RM", DateTimeOffset.UtcNow, null), CancellationToken.None));
    /// <summary>A Marketing window of <paramref name="rule"/> with one wealth offer (R1: suitable without a risk assessment).</summary>
    private static Window WealthWindow(string customer, string rule, int priority, string offerId, string anchor) =>
        NewWindow(customer, DateTimeOffset.UtcNow, TimeSpan.FromDays(30), offerId) with
        {
            WindowId = Window.IdFor(customer, rule, anchor),
            RuleId = rule,
            Anchor = anchor,
            Priority = priority,
            Reasons = ["近期有大额资金转入"],
        };

    /// <summary>A customer known to the bank (profile, age band) who consents to everything.</summary>
    private async Task KnownAsync(string customer)
    {
        await CreditOffers.SeedIncomeAsync(host, customer);
        await GrantConsentsAsync(host, customer);
    }

    private async Task<Window> AddWealthWindowAsync(string customer, string rule, int priority, string offerId, string anchor)
    {
        var window = WealthWindow(customer, rule, priority, offerId, anchor);
        Assert.True(await host.Get<IWindowStore>().TryAddAsync(window, CancellationToken.None));
        return window;
    }

    [Fact]
    public async Task Offer_TwoConcurrentWindows_OneContactWithTheBestOffer_TheOtherOutranked()
    {
        const string customer = "k1-orch-two";
        await KnownAsync(customer);
        var winBack = await AddWealthWindowAsync(customer, "AssetWinBack", 40, "AssetWinBackCampaign", "2026-10");
        var lumpSum = await AddWealthWindowAsync(customer, "LumpSumInflow", 65, "WealthOutreach", "2026-11");

        // Both workflows at once, the lower-priority one first: they agree without talking to each other.
        await Task.WhenAll(StartOfferAsync(winBack), StartOfferAsync(lumpSum));

        var outranked = await WaitForResultAsync(winBack.WindowId);
        Assert.Null(outranked.LeadId);
        Assert.StartsWith($"Outranked: window {lumpSum.WindowId} (LumpSumInflow, priority 65) offers WealthOutreach", outranked.NotContactedReason, StringComparison.Ordinal);
        await WaitForStageAsync(lumpSum.WindowId, "AwaitingOutcome");
        var lead = Assert.Single(host.Get<CrmSink>().Leads);
        Assert.Equal(Lead.IdFor(lumpSum.WindowId), lead.IdempotencyKey);

        // The ledger keeps both decisions; only the contact counts toward the caps.
        var entries = await host.Get<LifeWindow.Integration.Contact.IContactLedger>().ReadAsync(customer, CancellationToken.None);
        Assert.Equal([lumpSum.WindowId], entries.Where(e => e.Counts).Select(e => e.WindowId));
        Assert.Equal(2, entries.Count);
    }

    [Fact]
    public async Task Offer_WindowOpensAfterTheCustomerWasContactedAboutAnother_IsContactedWithinTheCaps()
    {
        const string customer = "k1-orch-later";
        await KnownAsync(customer);
        var lumpSum = await AddWealthWindowAsync(customer, "LumpSumInflow", 65, "WealthOutreach", "2026-11");
        await StartOfferAsync(lumpSum);
        await WaitForStageAsync(lumpSum.WindowId, "AwaitingOutcome");

        // A lower-priority window opens while the first still waits for the CRM: the first was contacted, so it no
        // longer competes, and the second goes out as the second marketing contact of the 30 days.
        var winBack = await AddWealthWindowAsync(customer, "AssetWinBack", 40, "AssetWinBackCampaign", "2026-12");
        await StartOfferAsync(winBack);
        await WaitForStageAsync(winBack.WindowId, "AwaitingOutcome");

        Assert.Equal(
            new[] { Lead.IdFor(lumpSum.WindowId), Lead.IdFor(winBack.WindowId) }.Order(StringComparer.Ordinal),
            host.Get<CrmSink>().Leads.Select(l => l.IdempotencyKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Offer_NoMarketingConsent_EndsWithoutALeadNamingTheReason()
    {
        // Known to the bank (age from the ID number, within the offer's age bands), but no consent of any kind.
        var person = new ProfileView { Person = new PersonFacts("31-40", "Female", Residency.Local), PersonStamp = new Stamp(new DateOnly(2020, 1, 1), "ev-person") };
        await host.Get<IProfileStore>().SaveAsync(new CustomerProfile { CustomerKey = "k1-orch-3", Snapshot = person }, null, CancellationToken.None);
        var window = await OpenWindowAsync(TimeSpan.FromDays(30), "k1-orch-3", consent: false);
        await StartOfferAsync(window);

        var result = await WaitForResultAsync(window.WindowId);

        Assert.Null(result.LeadId);
        Assert.StartsWith("NoEligibleOffer", result.NotContactedReason, StringComparison.Ordinal);
        Assert.Contains("LimitUpgradeReview NoCreditConsent", result.NotContactedReason, StringComparison.Ordinal); // the only candidate is a credit offer
        Assert.Empty(host.Get<CrmSink>().Leads);
    }

    [Fact]
    public async Task Offer_CustomerPutOnTheDoNotDisturbListThroughTheApi_IsNotContacted()
    {
        var window = await OpenWindowAsync(TimeSpan.FromDays(30), "k1-orch-dnd");
        using var put = await host.SendAsOperatorAsync(
            HttpMethod.Put, "/api/customers/k1-orch-dnd/do-not-disturb", System.Net.Http.Json.JsonContent.Create(new { reason = "complaint" }), "ops-1");
        Assert.Equal(System.Net.HttpStatusCode.OK, put.StatusCode);
        await StartOfferAsync(window);

        await AssertNotContactedAsync(window, "DoNotDisturb");
    }

    [Fact]
    public async Task Offer_CreditConsentButNoMarketingConsent_IsNotContacted()
    {
        await CreditOffers.SeedIncomeAsync(host, "k1-orch-4");
        await GrantConsentsAsync(host, "k1-orch-4", ConsentPurpose.CreditAssessment);
        var window = await OpenWindowAsync(TimeSpan.FromDays(30), "k1-orch-4", consent: false);
        await StartOfferAsync(window);

        await AssertNotContactedAsync(window, "NoMarketingConsent");
    }

    [Fact]
    public async Task Offer_WindowSuppressedBeforeTheWorkflowRuns_IsNotContacted()
    {
        var window = await OpenWindowAsync(TimeSpan.FromDays(30), "k1-orch-5");
        await host.Get<IWindowStore>().SetStateAsync(window.CustomerKey, window.WindowId, WindowState.Suppressed, DateTimeOffset.UtcNow, CancellationToken.None);
        await StartOfferAsync(window);

        var result = await WaitForResultAsync(window.WindowId);

        Assert.Equal("WindowNotOpen: the window is Suppressed", result.NotContactedReason);
        Assert.Empty(host.Get<CrmSink>().Leads);
    }

    [Fact]
    public async Task Offer_InQuietHours_WaitsOnADurableTimerThenDelivers()
    {
        // Quiet hours from a minute ago until a few seconds from now (Asia/Shanghai), so the test waits seconds, not hours
        // (enough of them for the credit offer's income verification and decision to run first).
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, LifeWindow.Domain.Time.BusinessClock.Zone);
        var until = TimeOnly.FromDateTime(local.DateTime.AddSeconds(8));
        var from = TimeOnly.FromDateTime(local.DateTime.AddMinutes(-1));
        await using var quiet = await RunningHost.StartAsync(overrides: new Dictionary<string, string?>
        {
            ["Policies:Offer:Contact:QuietFrom"] = from.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ["Policies:Offer:Contact:QuietUntil"] = until.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        });
        var window = await StartDeferredAsync(quiet, "k1-orch-6");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        Assert.Empty(quiet.Get<CrmSink>().Leads); // nothing delivered during quiet hours
        while (quiet.Get<CrmSink>().Leads.Count == 0)
        {
            await Task.Delay(50, timeout.Token);
        }

        var lead = (await quiet.Get<ILeadStore>().GetAsync(window.CustomerKey, Lead.IdFor(window.WindowId), CancellationToken.None))!.Lead;
        var end = local.AddSeconds(7); // quiet until local + 8 s, to the whole second (also across midnight)
        Assert.True(lead.CreatedAt >= end, $"delivered at {lead.CreatedAt:O}, quiet until about {end:O}");
    }

    [Fact]
    public async Task Offer_WindowSuppressedDuringQuietHours_IsNeverDelivered()
    {
        await using var quiet = await StartQuietForMinutesAsync();
        var window = await StartDeferredAsync(quiet, "k1-orch-9");
        var client = quiet.Get<DurableTaskClient>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await new DurableWorkflowGateway(client).NotifyWindowClosedAsync(window, WindowState.Suppressed, "Suppressed: risk signal rule IncomeRisk holds.", CancellationToken.None);
        var done = await client.WaitForInstanceCompletionAsync(window.WindowId, getInputsAndOutputs: true, timeout.Token);
        var result = done.ReadOutputAs<OfferResult>()!;

        Assert.Equal("WindowSuppressed: Suppressed: risk signal rule IncomeRisk holds.", result.NotContactedReason);
        Assert.Empty(quiet.Get<CrmSink>().Leads);
    }

    /// <summary>
    /// The consumer recorded the window as suppressed, then died before its trigger told the workflow: the repair sweep tells
    /// it, and the workflow ends without a lead.
    /// </summary>
    [Fact]
    public async Task RepairSweep_WindowSuppressedButItsWorkflowNeverTold_TellsItAndNoLeadGoes()
    {
        await using var quiet = await StartQuietForMinutesAsync(new() { [$"{TimerJobs.TimersOffSetting}:0"] = "WindowRepairFunction" }); // the test runs the sweep
        var window = await StartDeferredAsync(quiet, "k1-orch-retell");
        var client = quiet.Get<DurableTaskClient>();
        await quiet.Get<IWindowStore>().SetStateAsync(window.CustomerKey, window.WindowId, WindowState.Suppressed, DateTimeOffset.UtcNow, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var report = await quiet.Get<WindowRepairSweep>().RunAsync(new DurableWorkflowGateway(client), timeout.Token);

        Assert.Equal(new RepairReport(0, 0, 0, ClosedToldAgain: 1), report);
        var done = await client.WaitForInstanceCompletionAsync(window.WindowId, getInputsAndOutputs: true, timeout.Token);
        Assert.StartsWith("WindowSuppressed: Suppressed (the repair sweep", done.ReadOutputAs<OfferResult>()!.NotContactedReason, StringComparison.Ordinal);
        Assert.Empty(quiet.Get<CrmSink>().Leads);

        // Told and ended: the next sweep finds no live workflow to tell.
        Assert.Equal(new RepairReport(0, 0, 0), await quiet.Get<WindowRepairSweep>().RunAsync(new DurableWorkflowGateway(client), timeout.Token));
    }

    [Fact]
    public async Task Offer_ScriptWithABannedClaim_IsRejectedByTheComplianceFilterAndNotDelivered()
    {
        using var stream = typeof(RuleCatalog).Assembly.GetManifestResourceStream("LifeWindow.Domain.Catalog.catalog.v1.json")!;
        var text = await new StreamReader(stream).ReadToEndAsync();
        var bad = text.Replace("基于您良好的收入表现", "保本无风险，基于您良好的收入表现", StringComparison.Ordinal);
        Assert.NotEqual(text, bad);
        var path = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, bad);
        try
        {
            await using var strict = await RunningHost.StartAsync(overrides: new Dictionary<string, string?>(NoQuietHours) { ["Profiles:CatalogPath"] = path });
            await CreditOffers.SeedIncomeAsync(strict, "k1-orch-7");
            await GrantConsentsAsync(strict, "k1-orch-7");
            var window = NewWindow("k1-orch-7", DateTimeOffset.UtcNow, TimeSpan.FromDays(30));
            Assert.True(await strict.Get<IWindowStore>().TryAddAsync(window, CancellationToken.None));
            await new DurableWorkflowGateway(strict.Get<DurableTaskClient>()).StartOfferAsync(window, CancellationToken.None);

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var done = await strict.Get<DurableTaskClient>().WaitForInstanceCompletionAsync(window.WindowId, getInputsAndOutputs: true, timeout.Token);
            var result = done.ReadOutputAs<OfferResult>()!;

            Assert.Equal("ComplianceRejected: banned claims 保本、无风险", result.NotContactedReason);
            Assert.Empty(strict.Get<CrmSink>().Leads);
        }
        finally
        {
            File.Delete(path);
        }
    }
    [Fact]
    public async Task Operator_TerminatesAWaitingWorkflowWithAReason_OverHttp()
    {
        var window = await OpenWindowAsync(TimeSpan.FromDays(30), "k1-orch-8");
        await StartOfferAsync(window);
        await WaitForStageAsync(window.WindowId, "AwaitingOutcome");

        // Not signed in: 401, whatever the body says.
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await host.Http.PostAsync($"/api/workflows/{window.WindowId}/terminate", System.Net.Http.Json.JsonContent.Create(new { reason = "r", operatorId = "ops-7" }))).StatusCode);

        var invalid = await TerminateAsync(window.WindowId, new { reason = "", operatorId = "someone-else" }, "ops-1");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("body.reason", problem, StringComparison.Ordinal);
        Assert.Contains("body.operatorId", problem, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await TerminateAsync("w-nope", new { reason = "r" }, "ops-1")).StatusCode);

        var stop = await TerminateAsync(window.WindowId, new { reason = "客户投诉，停止营销" }, "ops-7");
        Assert.Equal(System.Net.HttpStatusCode.Accepted, stop.StatusCode);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var done = await host.Get<DurableTaskClient>().WaitForInstanceCompletionAsync(window.WindowId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        var status = await host.Http.GetStringAsync($"/api/workflows/{window.WindowId}");
        Assert.Contains("Terminated", status, StringComparison.Ordinal);
        Assert.Contains("ops-7", status, StringComparison.Ordinal);

        Assert.Equal(System.Net.HttpStatusCode.Conflict, (await TerminateAsync(window.WindowId, new { reason = "again" }, "ops-7")).StatusCode);
    }

    /// <summary>POST …/terminate signed in (operator token) as <paramref name="operatorId"/>.</summary>
    private Task<HttpResponseMessage> TerminateAsync(string instanceId, object body, string operatorId) =>
        host.PostAsOperatorAsync($"/api/workflows/{instanceId}/terminate", System.Net.Http.Json.JsonContent.Create(body), operatorId);
}
