using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LifeWindow.Domain.Time;
using LifeWindow.Integration;
using LifeWindow.Integration.DeadLetters;
using LifeWindow.Integration.Feeds;
using LifeWindow.Integration.Ingress;
using LifeWindow.Integration.Lifecycle;
using LifeWindow.Integration.Streams;
using LifeWindow.Integration.Webhooks;
using LifeWindow.Sandbox.Partners;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LifeWindow.Benchmarks;

/// <summary>
/// Benchmark 1 of docs/performance.md: the whole in-process path of a signed webhook record on one thread —
/// verify the signature, read the envelope, parse and validate the record, tokenize, publish (to a stream that keeps
/// the messages), then fold, compute the tags and detect windows in the in-memory stores — over a synthetic population
/// with every feed, against bare <see cref="JsonDocument"/> parsing of the same bytes measured in the same run.
/// Prints records/s per core, allocated bytes per record and the ratio to the baseline.
/// </summary>
public static class PipelineBenchmark
{
    public static async Task RunAsync(int customers, int seed, TextWriter output, CancellationToken cancellationToken, int allocationTypes = 0)
    {
        using var host = BuildHost();
        var deliveries = Population(host.Services, customers, seed);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Pipeline in process: {customers:N0} provident-fund customers (13 months each, their property-registry and tax records) and the bank's life-event stories: {deliveries.Count:N0} signed single-record webhooks, {deliveries.Average(d => d.Body.Length):F0} bytes on average, one thread"));

        // Warm up both (JIT, tiered compilation), then measure: the baseline, the path, the baseline again.
        var stream = (KeepingStream)host.Services.GetRequiredService<IFeedStream>();
        var path = new Path(host.Services, stream);
        // The warm-up takes records of every feed (the call transcripts load the name tagger's dictionaries once).
        Baseline(deliveries);
        Baseline(deliveries);
        await path.RunAsync([.. deliveries.Where((d, i) => i % 8 == 0 || d.Feed == "bank")], cancellationToken);
        var before = Baseline(deliveries);
        using var fresh = BuildHost();
        var sampler = allocationTypes > 0 ? new AllocationSampler() : null;
        var pausedBefore = GC.GetTotalPauseDuration();
        int[] collectionsBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var measured = await new Path(fresh.Services, (KeepingStream)fresh.Services.GetRequiredService<IFeedStream>()).RunAsync(deliveries, cancellationToken);
        sampler?.Dispose();
        var paused = GC.GetTotalPauseDuration() - pausedBefore;
        int[] collections = [GC.CollectionCount(0) - collectionsBefore[0], GC.CollectionCount(1) - collectionsBefore[1], GC.CollectionCount(2) - collectionsBefore[2]];
        var after = Baseline(deliveries);
        var baseline = new Figures(Math.Max(before.RecordsPerSecond, after.RecordsPerSecond), Math.Min(before.BytesPerRecord, after.BytesPerRecord), TimeSpan.Zero, TimeSpan.Zero);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  baseline: JsonDocument.Parse of the same bytes  {baseline.RecordsPerSecond,12:N0} records/s  {baseline.BytesPerRecord,8:N0} B allocated per record (runs before and after: {before.RecordsPerSecond:N0}/s, {after.RecordsPerSecond:N0}/s)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the path: verify + parse + validate + tokenize + publish + fold + tags + detect  {measured.RecordsPerSecond,12:N0} records/s  {measured.BytesPerRecord,8:N0} B allocated per record"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    of which ingress (verify … publish) {measured.Ingress.TotalSeconds / (measured.Ingress + measured.Fold).TotalSeconds:P0} of the time and {measured.IngressBytesPerRecord:N0} B per record, fold + tags + detect {measured.Fold.TotalSeconds / (measured.Ingress + measured.Fold).TotalSeconds:P0} and {measured.BytesPerRecord - measured.IngressBytesPerRecord:N0} B; {measured.Windows:N0} windows opened"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    garbage collection: paused {paused.TotalSeconds / (measured.Ingress + measured.Fold).TotalSeconds:P0} of the time ({collections[0]:N0} collections of generation 0, {collections[1]:N0} of 1, {collections[2]:N0} of 2; heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:N0} MB after)"));
        sampler?.Print(output, allocationTypes);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio: the path takes {baseline.RecordsPerSecond / measured.RecordsPerSecond:F1}x the baseline's time per record (target: within 5x, and 100,000 records/s per core)"));
    }

    /// <summary>The integration services on the in-memory stores, with the local host's demo settings (partners and their secrets, pepper).</summary>
    private static IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddJsonFile(System.IO.Path.Combine(RepositoryRoot(), "tools", "LifeWindow.LocalHost", "appsettings.json"));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Crm:BaseUrl"] = "http://127.0.0.1:9/" });
        builder.Services.AddSingleton<IFeedStream, KeepingStream>();
        builder.AddLifeWindowIntegration();
        return builder.Build();
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmark from inside the repository (Functions.sln not found above " + AppContext.BaseDirectory + ").");
    }

    private static List<Delivery> Population(IServiceProvider services, int customers, int seed)
    {
        var partners = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value.Partners;
        var today = BusinessClock.Today(TimeProvider.System);
        var now = DateTimeOffset.UtcNow;
        var deliveries = new List<Delivery>();
        void Add(string feed, string partner, string type, JsonNode data)
        {
            var body = Encoding.UTF8.GetBytes(WebhookSender.Envelope(type, data, now));
            var id = "bench-" + deliveries.Count.ToString(CultureInfo.InvariantCulture);
            var signature = WebhookSignature.Sign(WebhookSignature.KeyOf(partners[partner].Secrets[0]), id, now, body);
            deliveries.Add(new Delivery(feed, body, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                [WebhookAuthenticator.IdHeader] = id,
                [WebhookAuthenticator.TimestampHeader] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                [WebhookAuthenticator.SignatureHeader] = signature,
            }));
        }

        var provident = ProvidentFundSamples.Generate(seed, YearMonth.From(today).AddMonths(-1), customers);
        foreach (var record in provident.SelectMany(c => c.Records))
        {
            Add("provident-fund", "gjj_shanghai", "provident-fund.contribution", record);
        }

        foreach (var record in GovernmentSamples.PropertyRegistry(provident, seed, today))
        {
            Add("property-registry", "bdc_shanghai", "property-registry.event", record);
        }

        foreach (var record in GovernmentSamples.Tax(provident, seed, today))
        {
            Add("tax", "tax_platform", record.EventType, record.Data);
        }

        foreach (var customer in LifeEventSamples.Generate(seed, today))
        {
            foreach (var record in customer.Provident)
            {
                Add("provident-fund", "gjj_shanghai", "provident-fund.contribution", record);
            }

            foreach (var record in customer.Records.Concat(customer.Later))
            {
                Add("bank", "core_banking", record.EventType, record.Data);
            }
        }

        return deliveries;
    }

    private static Figures Baseline(IReadOnlyList<Delivery> deliveries)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var checksum = 0;
        foreach (var delivery in deliveries)
        {
            using var document = JsonDocument.Parse(delivery.Body);
            checksum += document.RootElement.GetProperty("data").GetPropertyCount();
        }

        watch.Stop();
        GC.KeepAlive(checksum);
        return new Figures(deliveries.Count / watch.Elapsed.TotalSeconds, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)deliveries.Count, watch.Elapsed, TimeSpan.Zero);
    }

    private sealed record Delivery(string Feed, byte[] Body, IReadOnlyDictionary<string, string> Headers);

    private sealed record Figures(double RecordsPerSecond, double BytesPerRecord, TimeSpan Ingress, TimeSpan Fold)
    {
        public int Windows { get; init; }

        public double IngressBytesPerRecord { get; init; }
    }

    /// <summary>The webhook function's work without HTTP: authenticate, read the envelope, ingest; then the consumer's fold of what was published.</summary>
    private sealed class Path(IServiceProvider services, KeepingStream stream)
    {
        private readonly WebhookAuthenticator authenticator = services.GetRequiredService<WebhookAuthenticator>();
        private readonly FeedParsers parsers = services.GetRequiredService<FeedParsers>();
        private readonly FeedIngestor ingestor = services.GetRequiredService<FeedIngestor>();
        private readonly FeedMessageProcessor processor = services.GetRequiredService<FeedMessageProcessor>();

        public async Task<Figures> RunAsync(IReadOnlyList<Delivery> deliveries, CancellationToken cancellationToken)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var ingress = TimeSpan.Zero;
            var fold = TimeSpan.Zero;
            var windows = new HashSet<string>(StringComparer.Ordinal);
            var watch = new Stopwatch();
            long ingressBytes = 0;
            foreach (var delivery in deliveries)
            {
                watch.Restart();
                var startBytes = GC.GetAllocatedBytesForCurrentThread();
                var auth = authenticator.Authenticate(delivery.Feed, delivery.Headers, delivery.Body);
                if (!auth.Succeeded)
                {
                    throw new InvalidOperationException(auth.Failure);
                }

                using var document = JsonDocument.Parse(delivery.Body);
                var type = document.RootElement.GetProperty("type").GetString()!;
                var result = await ingestor.IngestAsync(new IngestSource(delivery.Feed, auth.Partner!, IngressMode.Webhook, auth.WebhookId!), parsers.Find(delivery.Feed, type)!, document.RootElement.GetProperty("data"), "data", cancellationToken);
                if (!result.IsAccepted)
                {
                    throw new InvalidOperationException($"{delivery.Feed} {type}: {string.Join("; ", result.Errors?.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}") ?? [])}");
                }

                ingress += watch.Elapsed;
                ingressBytes += GC.GetAllocatedBytesForCurrentThread() - startBytes;
                watch.Restart();
                windows.UnionWith((await processor.ProcessBatchAsync(stream.Take(), cancellationToken)).Start.Select(w => w.WindowId));
                fold += watch.Elapsed;
            }

            var total = ingress + fold;
            return new Figures(deliveries.Count / total.TotalSeconds, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)deliveries.Count, ingress, fold) { Windows = windows.Count, IngressBytesPerRecord = ingressBytes / (double)deliveries.Count };
        }
    }
}
