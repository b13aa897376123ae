using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using LifeWindow.Domain.Leads;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration;
using LifeWindow.Integration.Lifecycle;
using LifeWindow.Integration.Streams;
using LifeWindow.Sandbox.Facts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LifeWindow.Benchmarks;

/// <summary>
/// The Azurite-backed feed consumer: synthetic customers' records (24 months each, shuffled, as a monthly feed's
/// single-record webhooks of many customers arrive) go through the Storage-queue stream and are folded and evaluated by
/// <see cref="FeedMessageProcessor"/> against Azure Tables on Azurite. Four ways, each on fresh tables (dropped after), in
/// the same run: the baseline (a message per record, each folded alone, 16 at a time: how the consumer first worked); a
/// message per record taken as the local host's consumer takes them (32 a take, coalesced in 8 lanes by Table shard);
/// single-record publishes from 32 concurrent callers (webhooks) group-committed by the stream, taken the same way; and
/// 500-record deliveries. Prints records/s, Table requests per record and queue requests per record (the consumer's:
/// receives and deletes; the publishers' sends are printed apart).
/// </summary>
public static class AzuriteConsumerBenchmark
{
    /// <summary>Callers publishing single records side by side, as concurrent webhook requests do.</summary>
    private const int Publishers = 32;

    /// <summary>The local host's queue consumer (tools/LifeWindow.LocalHost/Hosting/StorageQueueConsumer.cs): messages per take, lanes.</summary>
    private const int TakeSize = 32;

    private const int Lanes = 8;

    private enum Way
    {
        Baseline,
        MessagePerRecord,
        GroupCommitted,
        BatchDeliveries,
    }

    public static async Task RunAsync(string connection, int customers, int baselineRecords, int seed, TextWriter output, CancellationToken cancellationToken)
    {
        var generator = new SyntheticFacts(seed, customers, SyntheticFacts.DefaultLastMonth);
        var messages = generator.Generate()
            .SelectMany(c => c.Facts.Select(f => new FeedMessage("provident-fund", "bench", "bench", f.RecordedAt, f.Record)))
            .ToArray();
        new Random(20261203).Shuffle(messages);
        output.WriteLine($"Azurite consumer: {customers:N0} synthetic customers, {messages.Length:N0} records shuffled (a message per record: the first {Math.Min(baselineRecords, messages.Length):N0}), on {connection.Split(';')[0]}");
        var baseline = await RunOnceAsync(connection, messages[..Math.Min(baselineRecords, messages.Length)], Way.Baseline, cancellationToken);
        output.WriteLine(baseline.Describe("baseline: a message per record, each folded alone           "));
        var perRecord = await RunOnceAsync(connection, messages[..Math.Min(baselineRecords, messages.Length)], Way.MessagePerRecord, cancellationToken);
        output.WriteLine(perRecord.Describe("a message per record, the local host's consumer             "));
        var grouped = await RunOnceAsync(connection, messages, Way.GroupCommitted, cancellationToken);
        output.WriteLine(grouped.Describe($"single-record publishes ({Publishers} callers), group-committed  "));
        var batched = await RunOnceAsync(connection, messages, Way.BatchDeliveries, cancellationToken);
        output.WriteLine(batched.Describe("batch deliveries (500 records)                              "));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  ratios to the baseline: a message per record {perRecord.RecordsPerSecond / baseline.RecordsPerSecond:F1}x the records/s with {perRecord.TablePerRecord / baseline.TablePerRecord:P0} of its Table requests per record; group-committed {grouped.RecordsPerSecond / baseline.RecordsPerSecond:F1}x with {grouped.TablePerRecord / baseline.TablePerRecord:P0}; batch deliveries {batched.RecordsPerSecond / baseline.RecordsPerSecond:F1}x with {batched.TablePerRecord / baseline.TablePerRecord:P0}"));
    }

    private static async Task<Result> RunOnceAsync(string connection, IReadOnlyList<FeedMessage> messages, Way way, CancellationToken cancellationToken)
    {
        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        var tableRequests = new CountingPolicy();
        var queueRequests = new CountingPolicy();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Tables",
            ["Storage:ConnectionString"] = connection,
            ["Storage:TablePrefix"] = prefix,
            ["FeedStream:QueueName"] = prefix + "-feed-stream",
            ["Crm:BaseUrl"] = "http://127.0.0.1:9/",
            ["Crm:SigningSecrets:0"] = "whsec_HChexvK/hAkR+JmvoMtSv0Pp3agTcrbGADh53+bwSdg=",
            ["Identity:PepperKeyId"] = "k1",
            ["Identity:Pepper"] = "oUyT3gX1PtxvFnN4TxtQPIIYntuuf1NIQ61UxFEIGMY=",
            ["DeadLetters:KeyId"] = "d1",
            ["DeadLetters:Keys:d1"] = "gQMyeSDrw3dRm+5sLC7esZ5Da6yqTwJVCiFAsX47vlU=",
        });
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(tableRequests, HttpPipelinePosition.PerCall);
        var tableService = new TableServiceClient(connection, tableOptions);
        builder.Services.AddSingleton(tableService);
        builder.AddLifeWindowIntegration();
        using var host = builder.Build();
        var processor = host.Services.GetRequiredService<FeedMessageProcessor>();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.AddPolicy(queueRequests, HttpPipelinePosition.PerCall);
        var queue = new QueueClient(connection, prefix + "-feed-stream", queueOptions);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var stream = new StorageQueueFeedStream(queue);
        var publishWatch = Stopwatch.StartNew();
        var publishBefore = queueRequests.Count;
        switch (way)
        {
            case Way.BatchDeliveries:
                // A delivery of 500 records (a batch webhook's most), as the ingestor publishes it.
                foreach (var delivery in messages.Chunk(500))
                {
                    await stream.PublishBatchAsync(delivery, cancellationToken);
                }

                break;
            case Way.GroupCommitted:
                await Task.WhenAll(Partition(messages, Publishers).Select(async part =>
                {
                    foreach (var message in part)
                    {
                        await stream.PublishAsync(message, cancellationToken);
                    }
                }));
                break;
            default:
                // A send per record, as a publisher without group commit (or with one caller at a time) makes them.
                await Task.WhenAll(Partition(messages, Publishers).Select(async part =>
                {
                    foreach (var message in part)
                    {
                        await queue.SendMessageAsync(FeedMessageJson.Serialize(message), cancellationToken);
                    }
                }));
                break;
        }

        publishWatch.Stop();
        var publish = new Publish(queueRequests.Count - publishBefore, publishWatch.Elapsed);
        var (tablesBefore, queueBefore) = (tableRequests.Count, queueRequests.Count);
        var started = 0; // The workflow engine is not measured here: the starts asked are counted, not run.
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var received = (await queue.ReceiveMessagesAsync(way == Way.Baseline ? 16 : TakeSize, TimeSpan.FromMinutes(5), cancellationToken)).Value;
            if (received.Length == 0)
            {
                break;
            }

            if (way != Way.Baseline)
            {
                // As the local host's queue consumer does: the records of everything received, by Table shard, in 8 lanes.
                var work = FeedMessageCoalescer.Coalesce([.. received.Select(m => m.Body.ToString())], Lanes);
                var signals = await Task.WhenAll(work.Select(unit => processor.ProcessBatchAsync(FeedMessageJson.DeserializeAny(unit.Text), cancellationToken)));
                started += signals.Sum(s => s.Start.Count);
                await Task.WhenAll(received.Select(m => queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, cancellationToken)));
                continue;
            }

            await Task.WhenAll(received.Select(async m =>
            {
                Interlocked.Add(ref started, (await processor.ProcessBatchAsync(FeedMessageJson.DeserializeAny(m.Body.ToString()), cancellationToken)).Start.Count);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, cancellationToken);
            }));
        }

        watch.Stop();
        foreach (var (kind, (n, ms)) in tableRequests.ByKind.OrderByDescending(k => k.Value.Ms))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {kind}: {n} requests, {ms / n:F1} ms each"));
        }

        var result = new Result(messages.Count, watch.Elapsed, tableRequests.Count - tablesBefore, queueRequests.Count - queueBefore, started, publish);
        await queue.DeleteIfExistsAsync(cancellationToken);
        await foreach (var table in tableService.QueryAsync(t => t.Name.CompareTo(prefix) >= 0 && t.Name.CompareTo(prefix + "{") < 0, cancellationToken: cancellationToken))
        {
            await tableService.DeleteTableAsync(table.Name, cancellationToken);
        }

        return result;
    }

    private static IEnumerable<IEnumerable<T>> Partition<T>(IReadOnlyList<T> items, int parts) =>
        Enumerable.Range(0, parts).Select(p => items.Where((_, i) => i % parts == p));

    private sealed record Publish(long Sends, TimeSpan Elapsed);

    private sealed record Result(int Records, TimeSpan Elapsed, long TableRequests, long QueueRequests, int WorkflowsStarted, Publish Publish)
    {
        public double RecordsPerSecond => Records / Elapsed.TotalSeconds;

        public double TablePerRecord => (double)TableRequests / Records;

        public string Describe(string label) => string.Create(CultureInfo.InvariantCulture,
            $"  {label}: {Records:N0} records folded and evaluated in {Elapsed.TotalSeconds:F1} s = {RecordsPerSecond:N0} records/s; {TablePerRecord:F2} Table requests and {(double)QueueRequests / Records:F2} queue requests per record; {WorkflowsStarted} workflow starts asked (published in {Publish.Sends:N0} queue messages, {Records / Publish.Elapsed.TotalSeconds:N0} records/s)");
    }

    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private long count;

        public long Count => Interlocked.Read(ref count);

        public System.Collections.Concurrent.ConcurrentDictionary<string, (int Count, double Ms)> ByKind { get; } = new();

        public override void OnSendingRequest(HttpMessage message)
        {
            Interlocked.Increment(ref count);
            message.SetProperty(typeof(Stopwatch), Stopwatch.StartNew());
        }

        public override void OnReceivedResponse(HttpMessage message)
        {
            if (Environment.GetEnvironmentVariable("LW_BENCH_TRACE") is null || !message.TryGetProperty(typeof(Stopwatch), out var watch))
            {
                return;
            }

            var path = message.Request.Uri.Path;
            var kind = message.Request.Method + " " + (path.Contains("$batch", StringComparison.Ordinal) ? "$batch" : path.Split('(')[0].TrimStart('/')) + (message.Request.Uri.Query.Contains("filter", StringComparison.OrdinalIgnoreCase) ? "?filter" : string.Empty);
            ByKind.AddOrUpdate(kind, (1, ((Stopwatch)watch!).Elapsed.TotalMilliseconds), (_, v) => (v.Count + 1, v.Ms + ((Stopwatch)watch!).Elapsed.TotalMilliseconds));
        }
    }
}
