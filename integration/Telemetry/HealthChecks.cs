using LifeWindow.Integration.Crm;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly.CircuitBreaker;

namespace LifeWindow.Integration.Telemetry;

/// <summary>Table storage answers a one-row read of the Windows table (the in-memory stores are always there).</summary>
public sealed class StorageHealthCheck(IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<LifeWindowTables>() is not { } tables)
        {
            return HealthCheckResult.Healthy("in memory");
        }

        var table = await tables.GetAsync(LifeWindowTables.Windows, cancellationToken).ConfigureAwait(false);
        await foreach (var _ in table.QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
        {
            break;
        }

        return HealthCheckResult.Healthy("Table storage answers");
    }
}

/// <summary>The feed stream answers; Degraded when its oldest message has waited longer than <see cref="TelemetryOptions.LagDegradedSeconds"/>.</summary>
public sealed class FeedStreamHealthCheck(IFeedStreamMonitor monitor, IOptions<TelemetryOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = await monitor.ReadAsync(cancellationToken).ConfigureAwait(false);
        var data = new Dictionary<string, object>
        {
            ["transport"] = state.Transport,
            ["pending"] = state.Pending ?? -1,
            ["oldestAgeSeconds"] = state.OldestAgeSeconds ?? -1,
            ["setAside"] = state.SetAside ?? -1,
        };
        return state.OldestAgeSeconds > options.Value.LagDegradedSeconds
            ? HealthCheckResult.Degraded($"the oldest message has waited {state.OldestAgeSeconds:F0} s", data: data)
            : HealthCheckResult.Healthy(state.Transport, data);
    }
}

/// <summary>
/// The CRM answers HTTP at its base URL (any status: reachable) and the client's breaker is closed. A CRM that cannot be
/// reached is Degraded, never Unhealthy: leads wait in the outbox, so the app itself must not be restarted for it.
/// </summary>
public sealed class CrmHealthCheck(IHttpClientFactory http, IOptions<CrmOptions> options, CrmCircuit circuit) : IHealthCheck
{
    public const string ProbeClient = "crm-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var breaker = circuit.State;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, options.Value.BaseUrl);
            using var response = await http.CreateClient(ProbeClient).SendAsync(request, cancellationToken).ConfigureAwait(false);
            var data = new Dictionary<string, object> { ["breaker"] = breaker.ToString(), ["status"] = (int)response.StatusCode };
            return breaker == CircuitState.Closed
                ? HealthCheckResult.Healthy("the CRM answers", data)
                : HealthCheckResult.Degraded($"the CRM answers but the client's circuit is {breaker}", data: data);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded("the CRM cannot be reached; leads wait in the outbox", ex, new Dictionary<string, object> { ["breaker"] = breaker.ToString() });
        }
    }
}
