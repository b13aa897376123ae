using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.Core;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.DeadLetters;
using LifeWindow.Integration.Feeds;
using LifeWindow.Integration.Ingress;
using LifeWindow.Integration.Lifecycle;
using LifeWindow.Integration.Streams;
using LifeWindow.LocalHost.Hosting;
using LifeWindow.Orchestrations;
using LifeWindow.Sandbox.Crm;
using LifeWindow.Sandbox.Partners;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LifeWindow.Benchmarks;

/// <summary>
/// Benchmark 4 of docs/performance.md: offer workflows on DTFx in memory, as the embedded local host runs them — from
/// starting the windows' workflows until every lead is at the CRM sink (plan with arbitration and contact rules, talking
/// script, compliance filter, the outbox, the signed CloudEvent POST, the delivery notice) — against a bare chain of three
/// trivial activities on its own DTFx in-memory worker in the same process, the engine's cost by itself. The windows are
/// opened beforehand by the real fold (consent + a 25万 inflow per customer: LumpSumInflow), so only the workflows are timed.
/// </summary>
public static class WorkflowBenchmark
{
    public static async Task RunAsync(int windows, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Workflows on DTFx in memory: {windows:N0} offer workflows to a lead at the CRM, against {windows:N0} bare three-activity chains"));
        await BareChainsAsync(Math.Min(500, windows), cancellationToken); // warm-up
        var bare = await BareChainsAsync(windows, cancellationToken);
        var offers = await OfferWorkflowsAsync(windows, cancellationToken);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  baseline: bare three-activity chains  {bare,8:N0} orchestrations/s"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  offer workflows to a delivered lead   {offers,8:N0} workflows/s ({offers / bare:P0} of the bare chain; target: 1,000/s and 50%)"));
    }

    private static async Task<double> BareChainsAsync(int count, CancellationToken cancellationToken)
    {
        var service = new InMemoryOrchestrationService(NullLoggerFactory.Instance);
        using var worker = new TaskHubWorker(service, NullLoggerFactory.Instance);
        worker.AddTaskOrchestrations(typeof(BareChain)).AddTaskActivities(typeof(Step));
        await service.CreateIfNotExistsAsync();
        await worker.StartAsync();
        try
        {
            var client = new TaskHubClient((IOrchestrationServiceClient)service);
            var watch = Stopwatch.StartNew();
            var instances = await Task.WhenAll(Enumerable.Range(0, count).Select(i => client.CreateOrchestrationInstanceAsync(typeof(BareChain), i)));
            var states = await Task.WhenAll(instances.Select(instance => client.WaitForOrchestrationAsync(instance, TimeSpan.FromMinutes(5), cancellationToken)));
            watch.Stop();
            if (states.Any(s => s?.OrchestrationStatus != OrchestrationStatus.Completed))
            {
                throw new InvalidOperationException("a bare chain did not complete");
            }

            return count / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            await worker.StopAsync(isForced: true);
        }
    }

    private static async Task<double> OfferWorkflowsAsync(int count, CancellationToken cancellationToken)
    {
        var stream = new KeepingStream();
        var app = LocalHostApp.Build(new LocalHostSettings
        {
            Port = 0,
            NamePrefix = "bench",
            Overrides = new Dictionary<string, string?>
            {
                ["Policies:Offer:Contact:QuietFrom"] = "00:00",
                ["Policies:Offer:Contact:QuietUntil"] = "00:00",
                ["Logging:LogLevel:Default"] = "Error",
            },
            // The records go to this list, not to the host's consumers: the fold is run here, and only the workflows are timed.
            ConfigureServices = services => services.AddSingleton<IFeedStream>(stream),
        });
        await using (app)
        {
            await app.StartAsync(cancellationToken);
            var signals = await OpenWindowsAsync(app.Services, stream, count, cancellationToken);
            if (signals.Start.Count != count)
            {
                throw new InvalidOperationException($"{signals.Start.Count} windows opened for {count} customers");
            }

            var sink = app.Services.GetRequiredService<CrmSink>();
            var gateway = new DurableWorkflowGateway(app.Services.GetRequiredService<DurableTaskClient>());
            var watch = Stopwatch.StartNew();
            await gateway.ApplyAsync(signals, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(5));
            while (sink.Leads.Count < count)
            {
                await Task.Delay(5, timeout.Token);
            }

            watch.Stop();
            await app.StopAsync(cancellationToken);
            return count / watch.Elapsed.TotalSeconds;
        }
    }

    /// <summary>Each customer's marketing consent, then a 25万 inflow yesterday, ingested and folded: one LumpSumInflow window each.</summary>
    private static async Task<WorkflowSignals> OpenWindowsAsync(IServiceProvider services, KeepingStream stream, int count, CancellationToken cancellationToken)
    {
        var ingestor = services.GetRequiredService<FeedIngestor>();
        var parsers = services.GetRequiredService<FeedParsers>();
        var processor = services.GetRequiredService<FeedMessageProcessor>();
        var random = new Random(20261207);
        var now = DateTimeOffset.UtcNow;
        var ids = Enumerable.Range(0, count)
            .Select(_ => SyntheticIdentities.ResidentId(random, "310115", new DateOnly(random.Next(1978, 1996), random.Next(1, 13), random.Next(1, 29)), female: random.Next(2) == 0))
            .ToList();
        for (var i = 0; i < count; i++)
        {
            await IngestAsync(ingestor, parsers, "consent", "bank_app", InflowSamples.ConsentType, InflowSamples.Consent(ids[i], Text(i), now), cancellationToken);
        }

        await processor.ProcessBatchAsync(stream.Take(), cancellationToken);
        for (var i = 0; i < count; i++)
        {
            await IngestAsync(ingestor, parsers, "bank", "core_banking", InflowSamples.InflowType, InflowSamples.Inflow(ids[i], Text(i), now), cancellationToken);
        }

        return await processor.ProcessBatchAsync(stream.Take(), cancellationToken);
    }

    private static string Text(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static async Task IngestAsync(FeedIngestor ingestor, FeedParsers parsers, string feed, string partner, string type, JsonObject data, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(data.ToJsonString());
        var result = await ingestor.IngestAsync(new IngestSource(feed, partner, IngressMode.Webhook, "bench"), parsers.Find(feed, type)!, document.RootElement, "data", cancellationToken);
        if (!result.IsAccepted)
        {
            throw new InvalidOperationException($"{type} refused: {string.Join("; ", result.Errors?.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}") ?? [])}");
        }
    }

    private sealed class BareChain : TaskOrchestration<int, int>
    {
        public override async Task<int> RunTask(OrchestrationContext context, int input)
        {
            var a = await context.ScheduleTask<int>(typeof(Step), input);
            var b = await context.ScheduleTask<int>(typeof(Step), a);
            return await context.ScheduleTask<int>(typeof(Step), b);
        }
    }

    private sealed class Step : TaskActivity<int, int>
    {
        protected override int Execute(TaskContext context, int input) => input + 1;
    }
}
