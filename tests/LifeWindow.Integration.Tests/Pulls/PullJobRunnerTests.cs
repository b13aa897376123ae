using System.Net;
using static LifeWindow.Integration.Tests.Pulls.FakePartnerApi;

namespace LifeWindow.Integration.Tests.Pulls;

/// <summary>
/// The provident-fund pull against a partner API over real HTTP: 500s and 429s on the way, crashes in
/// the middle of a page, records appended after the end, overlapping runs, a refused key.
/// </summary>
public sealed class PullJobRunnerTests
{
    private const string Job = PullTestHost.Job;

    private static List<string> Ids(int count, int first = 0) => PullTestHost.Records(count, first).Select(r => r["recordId"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task Run_PartnerFailsAndThrottles_RetriesHonouringRetryAfterAndIngestsEveryRecordOnce()
    {
        await using var partner = await FakePartnerApi.StartAsync(PullTestHost.Records(12));
        partner.Plan(5, Fault.ServerError, Fault.ServerError);
        partner.Plan(10, Fault.Throttle(seconds: 1));
        var stream = new RecordingFeedStream();
        using var host = await PullTestHost.StartAsync(PullTestHost.Settings(partner.BaseUrl), stream);

        var result = await host.Get<PullJobRunner>().RunAsync(Job, CancellationToken.None);

        Assert.Equal(new PullRunResult(Job, PullRunStatus.CaughtUp, Pages: 3, Accepted: 12, Rejected: 0, Skipped: 0), result);
        Assert.Equal(Ids(12), stream.RecordIds);
        Assert.All(stream.Published, m => Assert.Equal(PullTestHost.Partner, m.Partner));

        var requests = partner.Requests;
        Assert.Equal([500, 500, 200], requests.Where(r => r.Offset == 5).Select(r => r.Status));
        Assert.Equal([429, 200], requests.Where(r => r.Offset == 10).Select(r => r.Status));

        // The backoff is configured at 10 ms: only the partner's Retry-After (1 s) explains a wait of a second.
        var throttled = requests.Where(r => r.Offset == 10).ToList();
        Assert.True(Stopwatch.GetElapsedTime(throttled[0].Timestamp, throttled[1].Timestamp) >= TimeSpan.FromMilliseconds(900), "the retry did not wait for Retry-After");

        var cursor = await host.Get<ICursorStore>().GetAsync(Job, CancellationToken.None);
        Assert.NotNull(cursor);
        Assert.Equal(CursorAt(12), cursor.Cursor);
        Assert.Equal((0, 3L, 12L), (cursor.PageRecordsDone, cursor.Pages, cursor.Records));
    }

    [Fact]
    public Task Run_CancelledMidPage_NextRunResumesAfterTheLastIngestedRecord() => CancelMidPageThenResumeAsync(typeof(InMemoryCursorStore), _ => { });

    /// <summary>The crash-and-resume scenario, on whatever storage <paramref name="configure"/> selects.</summary>
    internal static async Task CancelMidPageThenResumeAsync(Type expectedStore, Action<Dictionary<string, string?>> configure)
    {
        await using var partner = await FakePartnerApi.StartAsync(PullTestHost.Records(12));
        using var crash = new CancellationTokenSource();
        var stream = new RecordingFeedStream();

        // The host goes down while the 8th record (the 3rd of the second page) is being published.
        stream.BeforePublish = n =>
        {
            if (n == 8)
            {
                crash.Cancel();
                crash.Token.ThrowIfCancellationRequested();
            }
        };
        var settings = PullTestHost.Settings(partner.BaseUrl);
        configure(settings);
        using var host = await PullTestHost.StartAsync(settings, stream);
        Assert.IsType(expectedStore, host.Get<ICursorStore>());
        var runner = host.Get<PullJobRunner>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(Job, crash.Token));

        var saved = await host.Get<ICursorStore>().GetAsync(Job, CancellationToken.None);
        Assert.NotNull(saved);
        Assert.Equal((CursorAt(5), 2), (saved.Cursor, saved.PageRecordsDone));
        Assert.Equal(Ids(7), stream.RecordIds);

        stream.BeforePublish = null;
        var requestsBefore = partner.Requests.Count;
        var resumed = await runner.RunAsync(Job, CancellationToken.None);

        Assert.Equal(new PullRunResult(Job, PullRunStatus.CaughtUp, Pages: 2, Accepted: 5, Rejected: 0, Skipped: 2), resumed);
        Assert.Equal(Ids(12), stream.RecordIds);
        Assert.DoesNotContain(partner.Requests.Skip(requestsBefore), r => r.Offset == 0);
        var done = await host.Get<ICursorStore>().GetAsync(Job, CancellationToken.None);
        Assert.Equal((CursorAt(12), 12L), (done!.Cursor, done.Records));
    }

    [Fact]
    public async Task Run_HardCrashMidPage_RepublishesOnlyThatPagesHead_WhichTheConsumerAbsorbs()
    {
        await using var partner = await FakePartnerApi.StartAsync(PullTestHost.Records(12));
        var stream = new RecordingFeedStream();
        var store = new DyingCursorStore(new InMemoryCursorStore());

        // The process dies at the 8th publish: nothing more is written anywhere, not even the progress within the page.
        stream.BeforePublish = n =>
        {
            if (n == 8)
            {
                store.Dead = true;
                throw new InvalidOperationException("the process died");
            }
        };
        using var host = await PullTestHost.StartAsync(PullTestHost.Settings(partner.BaseUrl), stream, s => s.AddSingleton<ICursorStore>(store));
        var runner = host.Get<PullJobRunner>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => runner.RunAsync(Job, CancellationToken.None));

        // A new process, once the dead run's lease has run out (the store's clock moved on a day).
        stream.BeforePublish = null;
        store.Dead = false;
        store.ExpireLeases = true;
        var resumed = await runner.RunAsync(Job, CancellationToken.None);

        Assert.Equal(PullRunStatus.CaughtUp, resumed.Status);
        Assert.Equal([.. Ids(7), .. Ids(7, 5)], stream.RecordIds);

        // Downstream, each record has its effect once: one fact per evidence hash, the same profile.
        var processor = host.Get<FeedMessageProcessor>();
        foreach (var message in stream.Published)
        {
            await processor.ProcessAsync(message, CancellationToken.None);
        }

        var facts = host.Get<IFactLog>();
        foreach (var customer in stream.Published.Select(m => m.Record.CustomerKey).Distinct())
        {
            Assert.Single(await facts.ReadAsync(customer, CancellationToken.None).ToListAsync());
        }

        Assert.Equal(12, stream.Published.Select(m => m.Record.CustomerKey).Distinct().Count());
    }

    [Fact]
    public async Task Run_InvalidRecord_IsKeptAsDeadLetterWithItsPage_AndThePullGoesOn()
    {
        var records = PullTestHost.Records(7);
        var id = records[6]["idNumber"]!.GetValue<string>();
        records[6]["idNumber"] = id[..17] + (id[17] == '0' ? '1' : '0');
        await using var partner = await FakePartnerApi.StartAsync(records);
        var stream = new RecordingFeedStream();
        using var host = await PullTestHost.StartAsync(PullTestHost.Settings(partner.BaseUrl), stream);

        var result = await host.Get<PullJobRunner>().RunAsync(Job, CancellationToken.None);

        Assert.Equal((PullRunStatus.CaughtUp, 6, 1), (result.Status, result.Accepted, result.Rejected));
        var letter = Assert.Single(await host.Get<IDeadLetterStore>().ListAsync("provident-fund", null, CancellationToken.None).ToListAsync());
        Assert.Equal((IngressMode.Pull, PullTestHost.Partner, "records[1]"), (letter.Mode, letter.Partner, letter.Path));
        Assert.Equal(PullJobRunner.DeliveryId(Job, CursorAt(5)), letter.DeliveryId);
        Assert.Contains("idNumber", letter.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CaughtUpWithoutNextCursor_LaterRunIngestsOnlyTheRecordsAppendedSince()
    {
        await using var partner = await FakePartnerApi.StartAsync(PullTestHost.Records(12));
        partner.NoCursorAtEnd = true;
        var stream = new RecordingFeedStream();
        using var host = await PullTestHost.StartAsync(PullTestHost.Settings(partner.BaseUrl), stream);
        var runner = host.Get<PullJobRunner>();

        Assert.Equal(12, (await runner.RunAsync(Job, CancellationToken.None)).Accepted);
        var nothingNew = await runner.RunAsync(Job, CancellationToken.None);
        Assert.Equal((0, 0, 2), (nothingNew.Pages, nothingNew.Accepted, nothingNew.Skipped));

        partner.Append(PullTestHost.Records(4, first: 12));
        var later = await runner.RunAsync(Job, CancellationToken.None);

        Assert.Equal((PullRunStatus.CaughtUp, 4, 2), (later.Status, later.Accepted, later.Skipped));
        Assert.Equal(Ids(16), stream.RecordIds);
    }

    [Fact]
    public async Task Run_AnotherRunHoldsTheCursor_DoesNothing()
    {
        await using var partner = await FakePartnerApi.StartAsync(PullTestHost.Records(3));
        using var host = await PullTestHost.StartAsync(PullTestHost.Settings(partner.BaseUrl));
        var store = host.Get<ICursorStore>();
        var other = await store.TryAcquireAsync(Job, "another-host", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.NotNull(other);

        Assert.Equal(PullRunStatus.Busy, (await host.Get<PullJobRunner>().RunAsync(Job, CancellationToken.None)).Status);
        Assert.Empty(partner.Requests);

        await store.ReleaseAsync(other, CancellationToken.None);
        Assert.Equal(PullRunStatus.CaughtUp, (await host.Get<PullJobRunner>().RunAsync(Job, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Run_PartnerRefusesTheKey_FailsAndKeepsTheCursorAndReleasesIt()
    {
        await using var partner = await FakePartnerApi.StartAsync(PullTestHost.Records(3));
        using var host = await PullTestHost.StartAsync(PullTestHost.Settings(partner.BaseUrl, apiKey: "wrong"));

        var refused = await Assert.ThrowsAsync<PartnerPullException>(() => host.Get<PullJobRunner>().RunAsync(Job, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal([401], partner.Requests.Select(r => r.Status));
        var cursor = await host.Get<ICursorStore>().GetAsync(Job, CancellationToken.None);
        Assert.Null(cursor!.Cursor);
        Assert.NotNull(await host.Get<ICursorStore>().TryAcquireAsync(Job, "next-run", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1), CancellationToken.None));
    }

    [Fact]
    public async Task Run_Disabled_FetchesNothing()
    {
        await using var partner = await FakePartnerApi.StartAsync(PullTestHost.Records(3));
        var settings = PullTestHost.Settings(partner.BaseUrl);
        settings["Pulls:ProvidentFund:Enabled"] = "false";
        using var host = await PullTestHost.StartAsync(settings);

        Assert.Equal(PullRunStatus.Disabled, (await host.Get<PullJobRunner>().RunAsync(Job, CancellationToken.None)).Status);
        Assert.Equal(PullRunStatus.Disabled, (await host.Get<PullJobRunner>().RunAsync(PullJobs.Tax, CancellationToken.None)).Status);
        Assert.Empty(partner.Requests);
    }

    [Fact]
    public async Task Start_EnabledPullWithoutAParserForItsEventType_FailsNamingTheSetting()
    {
        var settings = PullTestHost.Settings(new Uri("http://127.0.0.1:9/"));
        settings["Pulls:Tax:Enabled"] = "true";
        settings["Pulls:Tax:Schedule"] = "0 0 * * * *";
        settings["Pulls:Tax:BaseUrl"] = "https://tax.example/api/";
        settings["Pulls:Tax:ApiKey"] = "k";
        settings["Pulls:Tax:Partner"] = "tax_bureau";
        settings["Pulls:Tax:EventType"] = "tax.no-such-type";
        settings["Pulls:Tax:PageSize"] = "0";

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => PullTestHost.StartAsync(settings));

        Assert.Contains("Pulls:Tax:EventType 'tax.no-such-type' has no parser for feed 'tax'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Pulls:Tax:PageSize", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DisabledPullWithoutAParser_StartsAndDoesNothing()
    {
        var settings = PullTestHost.Settings(new Uri("http://127.0.0.1:9/"));
        settings["Pulls:Tax:Enabled"] = "false";
        settings["Pulls:Tax:EventType"] = "tax.no-such-type";
        using var host = await PullTestHost.StartAsync(settings);
        Assert.Equal(PullRunStatus.Disabled, (await host.Get<PullJobRunner>().RunAsync(PullJobs.Tax, CancellationToken.None)).Status);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"records": {}, "hasMore": false}""")]
    [InlineData("""{"records": [], "hasMore": "no"}""")]
    [InlineData("""{"records": [], "nextCursor": 5, "hasMore": false}""")]
    [InlineData("""{"records": [{}], "hasMore": true}""")]
    [InlineData("""{"records": [{}], "nextCursor": "c1", "hasMore": true}""")]
    public void Parse_PageBreakingTheContract_IsRefused(string body) =>
        Assert.Throws<PartnerPullException>(() => PartnerPullClient.Parse(body, "c1"));

    [Fact]
    public void Parse_LastPageWithoutCursor_IsTheEnd()
    {
        var page = PartnerPullClient.Parse("""{"records": [{"a": 1}, 2], "nextCursor": null, "hasMore": false}""", "c1");
        Assert.Equal((2, null, false), (page.Records.Count, page.NextCursor, page.HasMore));
    }

    [Theory]
    [InlineData(0.5, 2000)]
    [InlineData(5, 200)]
    [InlineData(1000, 1)]
    public void RateLimit_OneTokenPerInterval_NoBurst(double perSecond, int intervalMs)
    {
        var options = PullServiceExtensions.RateLimit(perSecond);
        Assert.Equal((1, 1, TimeSpan.FromMilliseconds(intervalMs)), (options.TokenLimit, options.TokensPerPeriod, options.ReplenishmentPeriod));
    }

    /// <summary>A cursor store in a process that died: while dead it writes nothing; afterwards it can expire the dead run's lease.</summary>
    private sealed class DyingCursorStore(ICursorStore inner) : ICursorStore
    {
        public bool Dead { get; set; }

        public bool ExpireLeases { get; set; }

        public Task<PullCursor?> GetAsync(string job, CancellationToken cancellationToken) => inner.GetAsync(job, cancellationToken);

        public Task<CursorLease?> TryAcquireAsync(string job, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
            inner.TryAcquireAsync(job, owner, ExpireLeases ? now.AddDays(1) : now, lease, cancellationToken);

        public Task<CursorLease> SaveAsync(CursorLease lease, PullCursor position, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
            Dead ? throw new IOException("dead") : inner.SaveAsync(lease, position, leaseUntil, cancellationToken);

        public Task ReleaseAsync(CursorLease lease, CancellationToken cancellationToken) =>
            Dead ? throw new IOException("dead") : inner.ReleaseAsync(lease, cancellationToken);
    }
}

/// <summary>The same crash and resume with the cursor in Azure Table storage (Azurite).</summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class PullOnTableStorageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Run_CancelledMidPage_NextRunResumesAfterTheLastIngestedRecord()
    {
        await PullJobRunnerTests.CancelMidPageThenResumeAsync(typeof(TableCursorStore), settings =>
        {
            settings["Storage:Provider"] = "Tables";
            settings["Storage:ConnectionString"] = azurite.ConnectionString;
            settings["Storage:TablePrefix"] = AzuriteFixture.UniqueName("t");
        });
    }
}
