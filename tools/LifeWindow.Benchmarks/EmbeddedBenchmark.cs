using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LifeWindow.Domain.Time;
using LifeWindow.Integration.Webhooks;
using LifeWindow.Sandbox.Partners;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LifeWindow.Benchmarks;

/// <summary>
/// Benchmark 2 of docs/performance.md: the local host on the embedded default in a process of its own, driven over
/// loopback HTTP by this in-repo load generator (bounded in count and time): provident-fund records in 500-record batch
/// webhooks until the feed stream has folded them all, then single-record webhooks from concurrent senders with their
/// latency. The baseline, measured in the same run with the same generator, is a bare ASP.NET Core endpoint in another
/// process that reads the body and answers 202 (<c>lifewindow-bench echo</c>): what HTTP on this box costs by itself.
/// </summary>
public static class EmbeddedBenchmark
{
    public sealed record Settings(int BatchRecords, int Singles, int Concurrency, int Seed);

    /// <summary>Records of the warm-up in batches; 1,000 more follow as single-record webhooks.</summary>
    private const int WarmUpRecords = 10_000;

    public static async Task RunAsync(Settings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var secret = PartnerSecret("gjj_shanghai");
        var records = Records(settings.BatchRecords, settings.Seed);
        var (echoPort, hostPort) = (FreePort(), FreePort());
        using var echo = Child.Start("dotnet", [System.IO.Path.Combine(AppContext.BaseDirectory, "lifewindow-bench.dll"), "echo", "--port", Text(echoPort)]);
        using var host = Child.Start("dotnet", [System.IO.Path.Combine(AppContext.BaseDirectory, "lifewindow-host.dll"), "--port", Text(hostPort), "--Logging:LogLevel:Default", "Error"]);
        await Task.WhenAll(Child.WaitForPortAsync(echoPort, cancellationToken), Child.WaitForPortAsync(hostPort, cancellationToken));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { Timeout = TimeSpan.FromSeconds(60) };
        var echoUrl = new Uri($"http://127.0.0.1:{echoPort}/api/feeds/provident-fund");
        var hostUrl = new Uri($"http://127.0.0.1:{hostPort}/api/feeds/provident-fund");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Embedded end to end over loopback HTTP: the local host (embedded default, its own process) and a bare ASP.NET Core endpoint (the baseline, its own process); {records.Length:N0} provident-fund records in batches of 500, then {settings.Singles:N0} single-record webhooks from {settings.Concurrency} senders"));

        // Warm both up on records the measured runs do not send: the connection pools, and the JIT's tiers for both the
        // batch and the single-record path (methods reach their optimised tier after some calls and a short delay; a run
        // of 20,000 records that starts cold measures that tiering more than the host).
        var warm = Records(WarmUpRecords + 1000, settings.Seed + 1);
        await SendBatchesAsync(http, echoUrl, secret, warm[..WarmUpRecords], cancellationToken);
        await SendBatchesAsync(http, hostUrl, secret, warm[..WarmUpRecords], cancellationToken);
        await SendSinglesAsync(http, echoUrl, secret, warm[WarmUpRecords..], settings.Concurrency, "warm", cancellationToken);
        await SendSinglesAsync(http, hostUrl, secret, warm[WarmUpRecords..], settings.Concurrency, "warm", cancellationToken);
        await WaitForIdleAsync(http, hostPort, 0, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        var folded0 = await FoldedAsync(http, hostPort, cancellationToken);

        var batchBaseline = await SendBatchesAsync(http, echoUrl, secret, records, cancellationToken);
        var watch = Stopwatch.StartNew();
        var batches = await SendBatchesAsync(http, hostUrl, secret, records, cancellationToken);
        await WaitForIdleAsync(http, hostPort, folded0 + records.Length, cancellationToken);
        watch.Stop();
        var untilIdle = records.Length / watch.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  batches: baseline {batchBaseline.RecordsPerSecond,9:N0} records/s acknowledged; the host {batches.RecordsPerSecond,9:N0} records/s acknowledged, {untilIdle,9:N0} records/s until every record is folded ({watch.Elapsed.TotalSeconds:F1} s); ratio {batchBaseline.RecordsPerSecond / untilIdle:F1}x (target: 20,000 records/s)"));

        var singles = Records(settings.Singles, settings.Seed + 2);
        var singleBaseline = await SendSinglesAsync(http, echoUrl, secret, singles, settings.Concurrency, "s", cancellationToken);
        var single = await SendSinglesAsync(http, hostUrl, secret, singles, settings.Concurrency, "s", cancellationToken);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  single-record webhooks: baseline {singleBaseline.RecordsPerSecond,8:N0}/s, p50 {singleBaseline.P50,6:F2} ms, p99 {singleBaseline.P99,6:F2} ms; the host {single.RecordsPerSecond,8:N0}/s, p50 {single.P50,6:F2} ms, p99 {single.P99,6:F2} ms; ratio {singleBaseline.RecordsPerSecond / single.RecordsPerSecond:F1}x (target: 3,000/s with p99 < 20 ms)"));
    }

    /// <summary>The baseline server: reads each POSTed body and answers 202, nothing else.</summary>
    public static async Task EchoAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Text(port)}");
        var app = builder.Build();
        app.MapPost("/api/feeds/{feed}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        await app.RunAsync();
    }

    private sealed record Run(double RecordsPerSecond, double P50, double P99);

    private static async Task<Run> SendBatchesAsync(HttpClient http, Uri url, string secret, JsonObject[] records, CancellationToken cancellationToken)
    {
        var batches = records.Chunk(500).Select((chunk, i) => (Id: $"batch-{Guid.NewGuid():N}-{i}", Body: Envelope(new JsonArray([.. chunk.Select(r => (JsonNode)r.DeepClone())])))).ToList();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (batch, ct) =>
            await SendAsync(http, url, secret, batch.Id, batch.Body, ct));
        return new Run(records.Length / watch.Elapsed.TotalSeconds, 0, 0);
    }

    private static async Task<Run> SendSinglesAsync(HttpClient http, Uri url, string secret, JsonObject[] records, int concurrency, string prefix, CancellationToken cancellationToken)
    {
        var latencies = new double[records.Length];
        var run = Guid.NewGuid().ToString("N")[..8];
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, records.Length), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var body = Envelope(records[i]);
            var started = Stopwatch.GetTimestamp();
            await SendAsync(http, url, secret, $"{prefix}-{run}-{i}", body, ct);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        });
        watch.Stop();
        Array.Sort(latencies);
        return new Run(records.Length / watch.Elapsed.TotalSeconds, latencies[latencies.Length / 2], latencies[(int)(latencies.Length * 0.99)]);
    }

    /// <summary>One signed POST; anything but a 2xx stops the benchmark (a batch's rejected records would also keep the host from reaching its fold count).</summary>
    private static async Task SendAsync(HttpClient http, Uri url, string secret, string id, byte[] body, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookAuthenticator.IdHeader, id);
        request.Headers.Add(WebhookAuthenticator.TimestampHeader, Text(now.ToUnixTimeSeconds()));
        request.Headers.Add(WebhookAuthenticator.SignatureHeader, WebhookSignature.Sign(WebhookSignature.KeyOf(secret), id, now, body));
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{url} answered {(int)response.StatusCode} to {id}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static byte[] Envelope(JsonNode data) => Encoding.UTF8.GetBytes(WebhookSender.Envelope("provident-fund.contribution", data, DateTimeOffset.UtcNow));

    /// <summary>Provident-fund records of distinct synthetic customers (13 months each), <paramref name="count"/> of them.</summary>
    private static JsonObject[] Records(int count, int seed) =>
        [.. ProvidentFundSamples.Generate(seed, YearMonth.From(BusinessClock.Today(TimeProvider.System)).AddMonths(-1), (count / 13) + 1)
            .SelectMany(c => c.Records).Take(count)];

    /// <summary>Until the host's feed stream holds nothing and it has folded at least <paramref name="folded"/> records since it started.</summary>
    private static async Task WaitForIdleAsync(HttpClient http, int port, long folded, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(5));
        while (true)
        {
            var ops = await http.GetFromJsonAsync<JsonElement>(new Uri($"http://127.0.0.1:{port}/api/ops"), timeout.Token);
            if (ops.GetProperty("feedStream").GetProperty("pending").GetInt64() == 0 && Folded(ops) >= folded)
            {
                return;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    private static async Task<long> FoldedAsync(HttpClient http, int port, CancellationToken cancellationToken) =>
        Folded(await http.GetFromJsonAsync<JsonElement>(new Uri($"http://127.0.0.1:{port}/api/ops"), cancellationToken));

    private static long Folded(JsonElement ops) =>
        ops.GetProperty("thisInstance").TryGetProperty("lifewindow.records.folded", out var folded) ? folded.GetInt64() : 0;

    private static string PartnerSecret(string partner)
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "appsettings.json")));
        return settings.RootElement.GetProperty("Webhooks").GetProperty("Partners").GetProperty(partner).GetProperty("Secrets")[0].GetString()!;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A child process (the host, the baseline server), killed when disposed.</summary>
    private sealed class Child(Process process) : IDisposable
    {
        public static Child Start(string file, IEnumerable<string> args)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return new Child(process);
        }

        public static async Task WaitForPortAsync(int port, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                    return;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100, cancellationToken);
                }
            }
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }
}
