using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace LifeWindow.Integration.Telemetry;

/// <summary>The workflow engine's instances by runtime status; a host registers one where it holds a client outside a trigger.</summary>
public interface IWorkflowCensus
{
    Task<IReadOnlyDictionary<string, int>> CountByStatusAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The state gauges: feed-stream lag and backlog, windows by rule and state, leads by delivery state, open dead letters,
/// workflows by state (where a census is registered) and the CRM breaker. Observable instruments are read on every
/// collection, so the summary behind them is read every <see cref="TelemetryOptions.GaugeRefreshSeconds"/> in the
/// background and the callbacks return the last one; the breaker is read live.
/// </summary>
public sealed partial class OpsGauges : BackgroundService
{
    private readonly OpsReader reader;
    private readonly IWorkflowCensus? census;
    private readonly IOptions<TelemetryOptions> options;
    private readonly ILogger<OpsGauges> logger;
    private volatile OpsSummary? last;

    public OpsGauges(OpsReader reader, IMeterFactory meters, Crm.CrmCircuit crm, IOptions<TelemetryOptions> options, ILogger<OpsGauges> logger, IWorkflowCensus? census = null)
    {
        ArgumentNullException.ThrowIfNull(meters);
        this.reader = reader;
        this.census = census;
        this.options = options;
        this.logger = logger;
        var meter = meters.Create(LifeWindowTelemetry.Name);
        meter.CreateObservableGauge("lifewindow.feed_stream.lag", () => Measure(s => s.FeedStream.OldestAgeSeconds), "s", "Age of the oldest feed-stream message not yet consumed.");
        meter.CreateObservableGauge("lifewindow.feed_stream.pending", () => Measure(s => s.FeedStream.Pending), "{message}", "Feed-stream messages waiting.");
        meter.CreateObservableGauge("lifewindow.feed_stream.poisoned", () => Measure(s => s.FeedStream.SetAside), "{message}", "Feed-stream messages on the poison queue.");
        meter.CreateObservableGauge("lifewindow.windows", WindowMeasurements, "{window}", "Windows by rule and state.");
        meter.CreateObservableGauge("lifewindow.leads", () => Each(s => s.Leads, "lifewindow.lead.status"), "{lead}", "Lead deliveries by outbox state (Pending, Parked, Sent, Expired, Cancelled).");
        meter.CreateObservableGauge("lifewindow.dead_letters.open", () => Each(s => s.OpenDeadLetters, "lifewindow.feed"), "{record}", "Open dead letters per feed.");
        meter.CreateObservableGauge("lifewindow.workflows", () => Each(s => s.Workflows ?? new Dictionary<string, int>(), "lifewindow.workflow.status"), "{workflow}", "Workflow instances by runtime status.");
        meter.CreateObservableGauge("lifewindow.crm.breaker", () => (int)crm.State, "{state}", "The CRM client's circuit: 0 closed, 1 open, 2 half-open, 3 isolated.");
    }

    /// <summary>The last summary read (null before the first).</summary>
    public OpsSummary? Last => last;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.GaugeRefreshSeconds));
        do
        {
            try
            {
                var summary = await reader.ReadAsync(stoppingToken).ConfigureAwait(false);
                last = census is null ? summary : summary with { Workflows = await census.CountByStatusAsync(stoppingToken).ConfigureAwait(false) };
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRefreshFailed(logger, ex); // The gauges keep the last figures; health reports the failing part.
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private IEnumerable<Measurement<double>> Measure(Func<OpsSummary, double?> read) =>
        last is { } summary && read(summary) is { } value ? [new Measurement<double>(value)] : [];

    private IEnumerable<Measurement<int>> Each(Func<OpsSummary, IReadOnlyDictionary<string, int>> read, string tag) =>
        last is { } summary ? read(summary).Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>(tag, p.Key))) : [];

    private IEnumerable<Measurement<int>> WindowMeasurements() =>
        last is { } summary
            ? summary.WindowsByRule.SelectMany(rule => rule.Value.Select(state => new Measurement<int>(state.Value, new("lifewindow.rule", rule.Key), new("lifewindow.window.state", state.Key))))
            : [];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the operations summary for the gauges")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
