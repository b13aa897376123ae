using System.Diagnostics.Metrics;

namespace LifeWindow.Integration.Telemetry;

/// <summary>
/// This process's totals of LifeWindow's counters since it started (summed over their dimensions), read by
/// <c>GET /api/ops</c> as <c>thisInstance</c>: with several instances on one task hub and stream, each answers for its
/// own share of the work (docs/scale.md). A <see cref="MeterListener"/> rather than the OpenTelemetry pipeline, so the
/// figures are there whether or not an exporter is configured.
/// </summary>
public sealed class InstanceCounters : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, long> totals = new(StringComparer.Ordinal);

    public InstanceCounters()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LifeWindowTelemetry.Name && instrument is Counter<long>)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value));
        listener.Start();
    }

    /// <summary>Counter name → total so far, in name order.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() =>
        new SortedDictionary<string, long>(totals, StringComparer.Ordinal);

    public void Dispose() => listener.Dispose();
}
