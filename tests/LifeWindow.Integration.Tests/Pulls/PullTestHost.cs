namespace LifeWindow.Integration.Tests.Pulls;

/// <summary>
/// The integration layer wired as the hosts wire it (AddLifeWindowIntegration) with the provident-fund
/// pull pointed at a test partner API, and a feed stream that records what is published. Real clock:
/// the resilience handler's Retry-After waits run on it.
/// </summary>
internal static class PullTestHost
{
    public const string Job = PullJobs.ProvidentFund;
    public const string Partner = "gjj_shanghai";

    public static Dictionary<string, string?> Settings(Uri partnerApi, string apiKey = FakePartnerApi.ApiKey) => new(IntegrationHost.RequiredSettings())
    {
        ["Logging:LogLevel:Default"] = "Warning",
        ["Pulls:ProvidentFund:Enabled"] = "true",
        ["Pulls:ProvidentFund:Schedule"] = "0 */5 * * * *",
        ["Pulls:ProvidentFund:BaseUrl"] = partnerApi.AbsoluteUri,
        ["Pulls:ProvidentFund:ApiKey"] = apiKey,
        ["Pulls:ProvidentFund:Partner"] = Partner,
        ["Pulls:ProvidentFund:EventType"] = "provident-fund.contribution",
        ["Pulls:ProvidentFund:PageSize"] = "5",
        ["Pulls:ProvidentFund:RequestsPerSecond"] = "100",
        // Short backoff, so that only an honoured Retry-After can explain a wait of a second.
        ["Pulls:ProvidentFund:Resilience:Retry:Delay"] = "00:00:00.010",
    };

    public static async Task<IHost> StartAsync(IDictionary<string, string?> settings, RecordingFeedStream? stream = null, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<IFeedStream>(stream ?? new RecordingFeedStream());
        builder.AddLifeWindowIntegration();
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static T Get<T>(this IHost host)
        where T : notnull => host.Services.GetRequiredService<T>();

    /// <summary>Valid provident-fund records for <paramref name="count"/> different people, last month.</summary>
    public static List<JsonObject> Records(int count, int first = 0)
    {
        var period = YearMonth.From(BusinessClock.Today(TimeProvider.System)).AddMonths(-1).ToString();
        return Enumerable.Range(first, count).Select(i =>
        {
            var record = TestData.Contribution();
            record["recordId"] = string.Create(CultureInfo.InvariantCulture, $"GJJ-PULL-{i:D6}");
            record["idNumber"] = TestData.WithCheck(string.Create(CultureInfo.InvariantCulture, $"31010419880512{i:D3}"));
            record["period"] = period;
            record.Remove("reportedAt");
            return record;
        }).ToList();
    }
}

/// <summary>A feed stream that keeps every published message; a hook can make a publish fail (a crash).</summary>
internal sealed class RecordingFeedStream : IFeedStream
{
    private readonly ConcurrentQueue<FeedMessage> published = new();
    private int attempts;

    /// <summary>Called with the 1-based number of the publish being attempted; may throw to simulate a failure at that point.</summary>
    public Action<int>? BeforePublish { get; set; }

    public IReadOnlyList<FeedMessage> Published => published.ToList();

    public IReadOnlyList<string> RecordIds => published.Select(m => m.Record.RecordId).ToList();

    public Task PublishAsync(FeedMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        BeforePublish?.Invoke(Interlocked.Increment(ref attempts));
        published.Enqueue(message);
        return Task.CompletedTask;
    }
}
