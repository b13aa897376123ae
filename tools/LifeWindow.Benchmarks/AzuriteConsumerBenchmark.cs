using System.Diagnostics;
using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using LifeWindow.Domain.Feeds;
using LifeWindow.Domain.Leads;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration;
using LifeWindow.Integration.Pipeline;
using LifeWindow.Integration.Streams;
using LifeWindow.LocalHost.Backtests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LifeWindow.Benchmarks;

/// <summary>
/// The Azurite-backed feed consumer: synthetic customers' records (24 months each) go through the Storage-queue stream
/// and are folded and evaluated by <see cref="FeedMessageProcessor"/> against Azure Tables on Azurite, 16 messages at a
/// time, as the local host's queue consumer does. Two runs on fresh tables: the baseline publishes one queue message
/// per record, customers interleaved (as single-record webhooks of a monthly feed arrive); the batched run publishes a delivery's records packed per customer
/// (as a batch webhook or a pulled page does). Prints records/s, Table requests per record and queue requests per record.
/// </summary>
public static class AzuriteConsumerBenchmark
{
    public static async Task RunAsync(string connection, int customers, int seed, TextWriter output, CancellationToken cancellationToken)
    {
        var generator = new SyntheticFacts(seed, customers, SyntheticFacts.DefaultLastMonth);
        var messages = generator.Generate()
            .SelectMany(c => c.Facts.Select(f => new FeedMessage("provident-fund", "bench", "bench", f.RecordedAt, f.Record)))
            .ToList();
        output.WriteLine($"Azurite consumer: {customers:N0} synthetic customers, {messages.Count:N0} records, on {connection.Split(';')[0]}");
        var baseline = await RunOnceAsync(connection, messages, batched: false, coalesce: false, cancellationToken);
        output.WriteLine(baseline.Describe("baseline: a message per record, each folded alone      "));
        var coalesced = await RunOnceAsync(connection, messages, batched: false, coalesce: true, cancellationToken);
        output.WriteLine(coalesced.Describe("a message per record, coalesced per customer (32 a take)"));
        var batched = await RunOnceAsync(connection, messages, batched: true, coalesce: true, cancellationToken);
        output.WriteLine(batched.Describe("batch deliveries (500 records), packed per customer    "));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  ratios to the baseline: coalesced {coalesced.RecordsPerSecond / baseline.RecordsPerSecond:F1}x the records/s with {coalesced.TablePerRecord / baseline.TablePerRecord:P0} of its Table requests per record; batch deliveries {batched.RecordsPerSecond / baseline.RecordsPerSecond:F1}x with {batched.TablePerRecord / baseline.TablePerRecord:P0}"));
    }

    private static async Task<Result> RunOnceAsync(string connection, IReadOnlyList<FeedMessage> messages, bool batched, bool coalesce, CancellationToken cancellationToken)
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
        builder.Services.AddSingleton(new TableServiceClient(connection, tableOptions));
        builder.AddLifeWindowIntegration();
        using var host = builder.Build();
        var processor = host.Services.GetRequiredService<FeedMessageProcessor>();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.AddPolicy(queueRequests, HttpPipelinePosition.PerCall);
        var queue = new QueueClient(connection, prefix + "-feed-stream", queueOptions);
        var stream = new StorageQueueFeedStream(queue);
        if (batched)
        {
            // A delivery of 500 records (a batch webhook's most), as the ingestor publishes it.
            foreach (var delivery in messages.Chunk(500))
            {
                await stream.PublishBatchAsync(delivery, cancellationToken);
            }
        }
        else
        {
            // Single-record webhooks of many customers arrive interleaved (a monthly feed), so the baseline is shuffled.
            var shuffled = messages.ToArray();
            new Random(20261203).Shuffle(shuffled);
            messages = shuffled;
            await Task.WhenAll(Partition(messages, 16).Select(async part =>
            {
                foreach (var message in part)
                {
                    await stream.PublishAsync(message, cancellationToken);
                }
            }));
        }

        var (tablesBefore, queueBefore) = (tableRequests.Count, queueRequests.Count);
        var gateway = new CountingGateway();
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var received = (await queue.ReceiveMessagesAsync(coalesce ? 32 : 16, TimeSpan.FromMinutes(5), cancellationToken)).Value;
            if (received.Length == 0)
            {
                break;
            }

            if (coalesce)
            {
                // As the local host's queue consumer does: the records of everything received, per customer, in 8 lanes.
                var work = FeedMessageCoalescer.Coalesce([.. received.Select(m => m.Body.ToString())], 8);
                await Task.WhenAll(work.Select(unit => processor.ProcessBatchAsync(FeedMessageJson.DeserializeAny(unit.Text), gateway, cancellationToken)));
                await Task.WhenAll(received.Select(m => queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, cancellationToken)));
                continue;
            }

            await Task.WhenAll(received.Select(async m =>
            {
                await processor.ProcessBatchAsync(FeedMessageJson.DeserializeAny(m.Body.ToString()), gateway, cancellationToken);
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, cancellationToken);
            }));
        }

        watch.Stop();
        foreach (var (kind, (n, ms)) in tableRequests.ByKind.OrderByDescending(k => k.Value.Ms))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {kind}: {n} requests, {ms / n:F1} ms each"));
        }

        await queue.DeleteIfExistsAsync(cancellationToken);
        return new Result(messages.Count, watch.Elapsed, tableRequests.Count - tablesBefore, queueRequests.Count - queueBefore, gateway.Started);
    }

    private static IEnumerable<IEnumerable<T>> Partition<T>(IReadOnlyList<T> items, int parts) =>
        Enumerable.Range(0, parts).Select(p => items.Where((_, i) => i % parts == p));

    private sealed record Result(int Records, TimeSpan Elapsed, long TableRequests, long QueueRequests, int WorkflowsStarted)
    {
        public double RecordsPerSecond => Records / Elapsed.TotalSeconds;

        public double TablePerRecord => (double)TableRequests / Records;

        public string Describe(string label) => string.Create(CultureInfo.InvariantCulture,
            $"  {label}: {Records:N0} records folded and evaluated in {Elapsed.TotalSeconds:F1} s = {RecordsPerSecond:N0} records/s; {TablePerRecord:F2} Table requests and {(double)QueueRequests / Records:F2} queue requests per record; {WorkflowsStarted} workflow starts asked");
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

    /// <summary>The workflow engine is not measured here: starts are counted, not run.</summary>
    private sealed class CountingGateway : IWorkflowGateway
    {
        private int started;

        public int Started => started;

        public Task StartOfferAsync(Window window, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref started);
            return Task.CompletedTask;
        }

        public Task NotifyLeadDeliveredAsync(string windowId, string leadId, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<RaiseOutcome> RaiseCrmOutcomeAsync(string windowId, CrmOutcome outcome, CancellationToken cancellationToken) => Task.FromResult(RaiseOutcome.NotFound);

        public Task NotifyWindowClosedAsync(Window window, WindowState state, string reason, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
