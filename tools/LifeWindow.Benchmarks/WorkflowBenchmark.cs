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
    /// <summary>Bare chains, and offer workflows on windows of their own, run before the timed ones (the JIT's tiers, pools, caches).</summary>
    private const int WarmUp = 2000;

    /// <summary>Instances started and not yet done, in both runs.</summary>
    private const int InFlight = 200;

    public static async Task RunAsync(int windows, TextWriter output, CancellationToken cancellationToken, int allocationTypes = 0)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Workflows on DTFx in memory: {windows:N0} offer workflows to a lead at the CRM, against {windows:N0} bare three-activity chains; each kept at {InFlight} in flight (a new one starts as one ends) after {WarmUp:N0} of its own kind to warm up"));
        var bare = await BareChainsAsync(windows, cancellationToken);
        var offers = await OfferWorkflowsAsync(windows, output, allocationTypes, cancellationToken);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  baseline: bare three-activity chains  {bare.PerSecond,8:N0} orchestrations/s  {bare.BytesPerItem / 1024,6:N1} KB allocated per orchestration, garbage collection paused {bare.PausedShare:P0} of the time, CPU {bare.CpuShare:P0} of {Environment.ProcessorCount} cores"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  offer workflows to a delivered lead   {offers.PerSecond,8:N0} workflows/s      {offers.BytesPerItem / 1024,6:N1} KB allocated per workflow, garbage collection paused {offers.PausedShare:P0} of the time, CPU {offers.CpuShare:P0} of {Environment.ProcessorCount} cores"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio: {offers.PerSecond / bare.PerSecond:P0} of the bare chain (target: 1,000/s and 50%)"));
    }

    /// <summary>A timed run's rate, the bytes the process allocated per item, and the shares of the time the GC paused it and the CPU was busy.</summary>
    private sealed record Measured(double PerSecond, double BytesPerItem, double PausedShare, double CpuShare);

    /// <summary>Starts measuring the process's allocations, GC pauses and CPU; <see cref="Stop"/> gives the figures for <paramref name="count"/> items.</summary>
    private sealed class Measuring(int count)
    {
        private readonly long allocated = GC.GetTotalAllocatedBytes(precise: false);
        private readonly TimeSpan paused = GC.GetTotalPauseDuration();
        private readonly TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        private readonly Stopwatch watch = Stopwatch.StartNew();

        public Measured Stop()
        {
            watch.Stop();
            return new Measured(
                count / watch.Elapsed.TotalSeconds,
                (GC.GetTotalAllocatedBytes(precise: false) - allocated) / (double)count,
                (GC.GetTotalPauseDuration() - paused) / watch.Elapsed,
                (Process.GetCurrentProcess().TotalProcessorTime - cpu) / (watch.Elapsed * Environment.ProcessorCount));
        }
    }

    /// <summary>
    /// Runs <paramref name="count"/> items with at most <see cref="InFlight"/> started and not yet done: a steady stream,
    /// as windows arrive, rather than every instance started at once (which measures how the engine drains a burst).
    /// </summary>
    private static async Task ClosedLoopAsync(int count, Func<int, CancellationToken, Task> runOne, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = InFlight, CancellationToken = cancellationToken }, async (i, ct) => await runOne(i, ct));

    private static async Task<OrchestrationState?> WaitAsync(TaskHubClient client, OrchestrationInstance instance, CancellationToken cancellationToken)
    {
        try
        {
            return await client.WaitForOrchestrationAsync(instance, TimeSpan.FromSeconds(1), cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private static async Task<Measured> BareChainsAsync(int count, CancellationToken cancellationToken)
    {
        var service = new InMemoryOrchestrationService(NullLoggerFactory.Instance);
        using var worker = new TaskHubWorker(service, NullLoggerFactory.Instance);
        worker.AddTaskOrchestrations(typeof(BareChain)).AddTaskActivities(typeof(Step));
        await service.CreateIfNotExistsAsync();
        await worker.StartAsync();
        try
        {
            var client = new TaskHubClient((IOrchestrationServiceClient)service);
            async Task RunOne(int i, CancellationToken ct)
            {
                var instance = await client.CreateOrchestrationInstanceAsync(typeof(BareChain), i);
                var deadline = Stopwatch.StartNew();
                while (true)
                {
                    // A wait that has not heard of the completion after a second asks for the state instead: a run of
                    // thousands once waited out its whole timeout on an instance that had completed.
                    var state = await WaitAsync(client, instance, ct) ?? await client.GetOrchestrationStateAsync(instance);
                    if (state?.OrchestrationStatus == OrchestrationStatus.Completed)
                    {
                        break;
                    }

                    if (state?.OrchestrationStatus is OrchestrationStatus.Failed or OrchestrationStatus.Terminated || deadline.Elapsed > TimeSpan.FromMinutes(2))
                    {
                        throw new InvalidOperationException($"bare chain {instance.InstanceId} did not complete: {state?.OrchestrationStatus.ToString() ?? "no state"}");
                    }
                }
            }

            await ClosedLoopAsync(WarmUp, RunOne, cancellationToken);
            var measuring = new Measuring(count);
            await ClosedLoopAsync(count, RunOne, cancellationToken);
            return measuring.Stop();
        }
        finally
        {
            await worker.StopAsync(isForced: true);
        }
    }

    /// <summary>Opens <see cref="WarmUp"/> + <paramref name="count"/> windows, runs the first <see cref="WarmUp"/> workflows to warm the path up, then times the rest.</summary>
    private static async Task<Measured> OfferWorkflowsAsync(int count, TextWriter output, int allocationTypes, CancellationToken cancellationToken)
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
            var signals = await OpenWindowsAsync(app.Services, stream, WarmUp + count, cancellationToken);
            if (signals.Start.Count != WarmUp + count)
            {
                throw new InvalidOperationException($"{signals.Start.Count} windows opened for {WarmUp + count} customers");
            }

            var sink = app.Services.GetRequiredService<CrmSink>();
            var gateway = new DurableWorkflowGateway(app.Services.GetRequiredService<DurableTaskClient>());
            var windows = signals.Start;

            // Workflows started as the stream consumer starts them, a new one as soon as a lead reaches the CRM sink (the
            // workflow itself then waits for the CRM's outcome, which the benchmark does not send).
            async Task RunAsync(int from, int total, CancellationToken ct)
            {
                var before = sink.LeadCount;
                var started = 0;
                while (sink.LeadCount - before is var done && done < total)
                {
                    var room = Math.Min(InFlight - (started - done), total - started);
                    if (room > 0)
                    {
                        await gateway.ApplyAsync(new WorkflowSignals([.. windows.Skip(from + started).Take(room)], []), ct);
                        started += room;
                    }
                    else
                    {
                        await Task.Delay(1, ct);
                    }
                }
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            var client = app.Services.GetRequiredService<DurableTaskClient>();
            try
            {
                await RunAsync(0, WarmUp, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"{sink.LeadCount:N0} of {WarmUp:N0} warm-up leads after 2 minutes; the workflows: {await CensusAsync(client, windows.Take(WarmUp), cancellationToken)}");
            }

            var sampler = allocationTypes > 0 ? new AllocationSampler() : null;
            var measuring = new Measuring(count);
            try
            {
                await RunAsync(WarmUp, count, timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"{sink.LeadCount - WarmUp:N0} of {count:N0} leads after 2 minutes; the workflows: {await CensusAsync(client, windows.Skip(WarmUp), cancellationToken)}");
            }

            var measured = measuring.Stop();
            sampler?.Dispose();
            sampler?.Print(output, allocationTypes);
            await app.StopAsync(cancellationToken);
            return measured;
        }
    }

    /// <summary>The windows' workflows by status (with the custom status), and the first failure's message: why leads are missing.</summary>
    private static async Task<string> CensusAsync(DurableTaskClient client, IEnumerable<Window> windows, CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        string? failure = null;
        foreach (var window in windows)
        {
            var instance = await client.GetInstanceAsync(window.WindowId, getInputsAndOutputs: true, cancellationToken);
            var key = instance is null ? "not found" : $"{instance.RuntimeStatus} {instance.SerializedCustomStatus}";
            counts[key] = counts.GetValueOrDefault(key) + 1;
            failure ??= instance?.FailureDetails?.ErrorMessage;
        }

        return string.Join("; ", counts.Select(c => $"{c.Value:N0} {c.Key}")) + (failure is null ? string.Empty : $"; first failure: {failure}");
    }

    /// <summary>Each customer's marketing consent, then a 25万 inflow yesterday, ingested and folded: one LumpSumInflow window each.</summary>
    private static async Task<WorkflowSignals> OpenWindowsAsync(IServiceProvider services, KeepingStream stream, int count, CancellationToken cancellationToken)
    {
        var ingestor = services.GetRequiredService<FeedIngestor>();
        var parsers = services.GetRequiredService<FeedParsers>();
        var processor = services.GetRequiredService<FeedMessageProcessor>();
        var random = new Random(20261207);
        var now = DateTimeOffset.UtcNow;
        // Distinct customers: a resident id drawn twice would give one customer two inflows and one window.
        var ids = new List<string>(count);
        var drawn = new HashSet<string>(StringComparer.Ordinal);
        while (ids.Count < count)
        {
            var id = SyntheticIdentities.ResidentId(random, "310115", new DateOnly(random.Next(1978, 1996), random.Next(1, 13), random.Next(1, 29)), female: random.Next(2) == 0);
            if (drawn.Add(id))
            {
                ids.Add(id);
            }
        }

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
