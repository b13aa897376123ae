using System.Net;
using System.Net.Http.Headers;
using LifeWindow.Domain.Feeds;
using LifeWindow.Domain.Time;
using LifeWindow.Domain.Windows;
using LifeWindow.Functions.Ingress;
using LifeWindow.Integration.DeadLetters;
using LifeWindow.Integration.Pulls;
using LifeWindow.Integration.Streams;
using LifeWindow.Integration.Tokenization;
using LifeWindow.Demo;
using LifeWindow.Sandbox.Partners;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LifeWindow.LocalHost.Tests;

/// <summary>The sandbox partner API of the local host, and the local host pulling from it on a timer.</summary>
public class PullSandboxTests
{
    private const string Key = "sandbox-demo-key";

    private static HttpRequestMessage Get(string path, string? key = Key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return request;
    }

    [Fact]
    public async Task Sandbox_PagesThroughTheSyntheticDataSet_AndInjectsFailuresAndThrottling()
    {
        await using var host = await RunningHost.StartAsync(overrides: new Dictionary<string, string?>
        {
            ["Sandbox:FailEveryNth"] = "3",
            ["Sandbox:ThrottleEveryNth"] = "4",
            ["Sandbox:RetryAfterSeconds"] = "1",
        });

        using (var anonymous = await host.Http.SendAsync(Get("/sandbox/provident-fund/records", key: null)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var unknownFeed = await host.Http.SendAsync(Get("/sandbox/consent/records")))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownFeed.StatusCode);
        }

        var ids = new List<string>();
        var statuses = new List<HttpStatusCode>();
        RetryConditionHeaderValue? retryAfter = null;
        string? cursor = null;
        var hasMore = true;
        while (hasMore)
        {
            using var response = await host.Http.SendAsync(Get("/sandbox/provident-fund/records?limit=25" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor))));
            statuses.Add(response.StatusCode);
            retryAfter ??= response.Headers.RetryAfter;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                continue;
            }

            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            ids.AddRange(page.RootElement.GetProperty("records").EnumerateArray().Select(r => r.GetProperty("recordId").GetString()!));
            cursor = page.RootElement.GetProperty("nextCursor").GetString();
            hasMore = page.RootElement.GetProperty("hasMore").GetBoolean();
        }

        Assert.Equal(78, ids.Distinct().Count());
        Assert.Equal(78, ids.Count);
        Assert.Contains(HttpStatusCode.InternalServerError, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(TimeSpan.FromSeconds(1), retryAfter?.Delta);
        Assert.Equal(PartnerSandbox.CursorAt(78), cursor);
    }

    [Fact]
    public async Task Serve_EnabledPull_PullsTheSandboxOnItsTimerThroughFailures_AndOpensTheExpectedWindows()
    {
        await using var host = await RunningHost.StartAsync(overrides: new Dictionary<string, string?>
        {
            ["Pulls:ProvidentFund:Enabled"] = "true",
            ["Pulls:ProvidentFund:Schedule"] = "* * * * * *",
            ["Pulls:ProvidentFund:PageSize"] = "10",
            ["Pulls:ProvidentFund:RequestsPerSecond"] = "50",
            ["Pulls:ProvidentFund:Resilience:Retry:Delay"] = "00:00:00.010",
            ["Sandbox:FailEveryNth"] = "3",
            ["Sandbox:ThrottleEveryNth"] = "4",
            ["Sandbox:RetryAfterSeconds"] = "1",
        });
        var timers = host.Services.GetServices<IHostedService>().OfType<TimerJobs>().Single();
        Assert.Contains(timers.Schedules, s => s.Name == nameof(ProvidentFundPullFunction));

        // The timer fires every second; wait (generously) until the pull has caught up with the sandbox.
        var cursors = host.Get<ICursorStore>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while ((await cursors.GetAsync(PullJobs.ProvidentFund, timeout.Token))?.Cursor != PartnerSandbox.CursorAt(78))
        {
            await Task.Delay(100, timeout.Token);
        }

        await host.Get<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(60));
        var position = await cursors.GetAsync(PullJobs.ProvidentFund, CancellationToken.None);
        Assert.Equal(78, position!.Records);

        var latest = YearMonth.From(BusinessClock.Today(TimeProvider.System)).AddMonths(-1);
        var tokenizer = host.Get<CustomerKeyTokenizer>();
        var today = BusinessClock.Today(TimeProvider.System);
        var customers = ProvidentFundSamples.Generate(20261201, latest);

        // No customer has allowed the provident fund's data for marketing yet: nothing opened. Their consents arrive after
        // the pulled records; each consent's fold runs the rules again.
        Assert.Empty(await host.Get<IWindowStore>().ListAsync(CancellationToken.None).ToListAsync());
        foreach (var id in customers.Select(c => c.IdNumber))
        {
            Assert.True(LifeWindow.Domain.Identity.ResidentIdNumber.TryParse(id, today, out var parsed, out _));
            var key = tokenizer.CustomerKey(parsed!);
            await host.Get<IFeedStream>().PublishAsync(new FeedMessage("consent", "bank_app", "d-consent-" + key, DateTimeOffset.UtcNow, new ConsentRecord
            {
                RecordId = "CS-" + key[..12], CustomerKey = key, Person = tokenizer.PersonFacts(parsed!, today), EvidenceHash = "ev-consent-" + key, Purpose = ConsentPurpose.Marketing,
                Source = ConsentSource.ProvidentFund, Action = ConsentAction.Granted, EvidenceId = "esign-" + key[..12], At = DateTimeOffset.UtcNow.AddDays(-1),
            }), CancellationToken.None);
        }

        await host.Get<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(
            [["IncomeUpgrade"], [], ["IncomeUpgrade"], [], ["IncomeRisk"], ["IncomeUpgrade"]],
            customers.Select(c => c.ExpectedRules.ToArray()));

        // Exactly each story's windows, rule by rule, per customer; nothing for anyone else.
        var windows = await host.Get<IWindowStore>().ListAsync(CancellationToken.None).ToListAsync();
        Assert.Equal(
            customers.Select(c => (c.Label, string.Join(",", c.ExpectedRules.Order(StringComparer.Ordinal)))),
            customers.Select(c => (c.Label, string.Join(",", windows.Where(w => w.CustomerKey == DemoRunner.CustomerKeyOf(tokenizer, c.IdNumber, today)).Select(w => w.RuleId).Order(StringComparer.Ordinal)))));
        Assert.Equal(customers.Sum(c => c.ExpectedRules.Count), windows.Count);
        Assert.All(windows, w => Assert.Equal(WindowState.Open, w.State));
        Assert.Empty(await host.Get<IDeadLetterStore>().ListAsync(null, null, CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task Pulls_AllThreeAgainstTheSandboxThroughInjectedFailures_IngestEveryRecordWithoutDeadLetters()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sandbox:FailEveryNth"] = "3",
            ["Sandbox:ThrottleEveryNth"] = "4",
            ["Sandbox:RetryAfterSeconds"] = "1",
            [$"{TimerJobs.TimersOffSetting}:0"] = nameof(ProvidentFundPullFunction),
            [$"{TimerJobs.TimersOffSetting}:1"] = nameof(PropertyRegistryPullFunction),
            [$"{TimerJobs.TimersOffSetting}:2"] = nameof(TaxPullFunction),
        };
        foreach (var job in PullJobs.All)
        {
            settings[$"Pulls:{job}:Enabled"] = "true";
            settings[$"Pulls:{job}:PageSize"] = "10";
            settings[$"Pulls:{job}:RequestsPerSecond"] = "50";
            settings[$"Pulls:{job}:Resilience:Retry:Delay"] = "00:00:00.010";
        }

        await using var host = await RunningHost.StartAsync(overrides: settings);
        Assert.DoesNotContain(host.Services.GetServices<IHostedService>().OfType<TimerJobs>().Single().Schedules, s => s.Name.EndsWith("PullFunction", StringComparison.Ordinal));
        var sandbox = host.Get<PartnerSandbox>();
        var runner = host.Get<PullJobRunner>();

        var results = new List<PullRunResult>();
        foreach (var job in PullJobs.All)
        {
            results.Add(await runner.RunAsync(job, CancellationToken.None));
        }

        await host.Get<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(60));
        Assert.Equal([78, 6, 19], PullJobs.All.Select(job => sandbox.Records(PullJobs.FeedOf(job))!.Count));
        Assert.Equal(
            PullJobs.All.Select(job => (PullRunStatus.CaughtUp, sandbox.Records(PullJobs.FeedOf(job))!.Count, 0)),
            results.Select(r => (r.Status, r.Accepted, r.Rejected)));
        Assert.Empty(await host.Get<IDeadLetterStore>().ListAsync(null, null, CancellationToken.None).ToListAsync());
        Assert.Empty(host.Get<InMemoryFeedStream>().Failed);

        // 11 pages were served; every 3rd and 4th request was refused on the way, and retried.
        Assert.Equal(11, results.Sum(r => r.Pages));
        Assert.True(sandbox.Requests > 11 + 3, $"only {sandbox.Requests} requests: the injected failures were not retried");

        // The same people in all three feeds; tax carries both its types, with the red-letter after its original.
        var tax = sandbox.Records("tax")!.ToList();
        Assert.Equal(13, tax.Count(r => r["type"]!.GetValue<string>() == "tax.invoice"));
        Assert.Equal(6, tax.Count(r => r["type"]!.GetValue<string>() == "tax.declaration"));
        var redLetter = Assert.Single(tax, r => r["data"]!["kind"]?.GetValue<string>() == "RedLetter");
        var original = tax.FindIndex(r => r["data"]!["invoiceNumber"]?.GetValue<string>() == redLetter["data"]!["originalInvoiceNumber"]!.GetValue<string>());
        Assert.InRange(original, 0, tax.IndexOf(redLetter) - 1);
        var people = sandbox.Records("provident-fund")!.Select(r => r["idNumber"]!.GetValue<string>()).ToHashSet();
        Assert.All(sandbox.Records("property-registry")!, r => Assert.Contains(r["owners"]![0]!["idNumber"]!.GetValue<string>(), people));
        Assert.All(tax, r => Assert.Contains(r["data"]!["legalRepresentativeIdNumber"]!.GetValue<string>(), people));
    }

    [Fact]
    public async Task LocalHost_PullScheduleNotConfigured_LeavesThatTimerOffAndStarts()
    {
        await using var app = LocalHostApp.Build(new LocalHostSettings
        {
            Port = 0,
            NamePrefix = AzuriteFixture.UniqueName("t"),
            Overrides = new Dictionary<string, string?> { ["Pulls:Tax:Schedule"] = string.Empty },
        });
        var timers = app.Services.GetServices<IHostedService>().OfType<TimerJobs>().Single();

        Assert.Equal([nameof(TaxPullFunction)], timers.Unscheduled);
        Assert.Contains(timers.Schedules, s => s.Name == nameof(ProvidentFundPullFunction));
        Assert.Contains(timers.Schedules, s => s.Name == nameof(PropertyRegistryPullFunction));

        await app.StartAsync();
        await app.StopAsync();
    }
}
