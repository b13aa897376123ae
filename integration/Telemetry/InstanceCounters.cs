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
    private readonly ConcurrentDictionary<(string Feed, string Counter), long> byFeed = new();

    public InstanceCounters()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == LifeWindowTelemetry.Name && instrument is Counter<long>)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            totals.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
            foreach (var tag in tags)
            {
                if (tag is { Key: "lifewindow.feed", Value: string feed })
                {
                    byFeed.AddOrUpdate((feed, instrument.Name), value, (_, total) => total + value);
                }
            }
        });
        listener.Start();
    }

    /// <summary>Counter name → total so far, in name order.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() =>
        new SortedDictionary<string, long>(totals, StringComparer.Ordinal);

    /// <summary>Feed → counter name → total, for the counters measured per feed (records accepted and rejected at ingress).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> SnapshotByFeed() =>
        byFeed.GroupBy(e => e.Key.Feed, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, long>)new SortedDictionary<string, long>(g.ToDictionary(e => e.Key.Counter, e => e.Value, StringComparer.Ordinal), StringComparer.Ordinal), StringComparer.Ordinal);

    public void Dispose() => listener.Dispose();
}
