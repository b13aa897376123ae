namespace LifeWindow.Integration.Telemetry;

public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// How often the state gauges read the stores (windows, leads, dead letters, the stream). Each instance reads them
    /// through, so with many instances keep this long: every instance reports the same store-wide figures.
    /// </summary>
    [Range(5, 3600)]
    public int GaugeRefreshSeconds { get; set; } = 300;

    /// <summary>Health reports the feed stream Degraded when its oldest message has waited longer than this.</summary>
    [Range(1, 86_400)]
    public int LagDegradedSeconds { get; set; } = 300;

    /// <summary>How long each health check may take before it counts as failed (a store that does not answer would otherwise hold the probe through its client's retries).</summary>
    [Range(1, 60)]
    public int HealthCheckTimeoutSeconds { get; set; } = 5;

    /// <summary>Write spans, metrics and logs to the console (the local host's <c>--telemetry console</c>).</summary>
    public bool Console { get; set; }
}
