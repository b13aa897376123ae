using LifeWindow.Integration.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LifeWindow.Functions.Operations;

/// <summary>
/// GET /api/healthz: storage, the feed stream, the task hub and the CRM, each Healthy, Degraded or Unhealthy with a
/// reason; 200 unless one is Unhealthy (503), so a platform health probe restarts the app only for what a restart can fix
/// (a CRM outage is Degraded: leads wait in the outbox). Anonymous, like a platform probe; it names no customer.
/// GET /api/ops: the operator's summary (<see cref="OpsSummary"/>) with workflows by state; function key in Azure.
/// </summary>
public sealed class OpsFunctions(HealthCheckService health, OpsReader ops, IOptions<TelemetryOptions> telemetry)
{
    public const string TaskHubCheck = "task-hub";

    [Function("GetHealth")]
    public async Task<IResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        // The task hub is probed beside the other checks (they run side by side), so the answer takes one check's timeout at most.
        var taskHub = ProbeTaskHubAsync(durable, TimeSpan.FromSeconds(telemetry.Value.HealthCheckTimeoutSeconds), cancellationToken);
        var report = await health.CheckHealthAsync(cancellationToken);
        var checks = report.Entries.ToDictionary(e => e.Key, e => HealthEntry.From(e.Value), StringComparer.Ordinal);
        checks[TaskHubCheck] = await taskHub;
        var status = checks.Values.Select(c => c.Status).Min();
        return Results.Json(
            new HealthAnswer(status.ToString(), checks),
            LifeWindowJson.Options,
            statusCode: status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    [Function("GetOpsSummary")]
    public async Task<IResult> Summary(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ops")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        Results.Json(
            await ops.ReadAsync(cancellationToken) with { Workflows = await new Orchestrations.DurableWorkflowCensus(durable).CountByStatusAsync(cancellationToken) },
            LifeWindowJson.Options);

    private static async Task<HealthEntry> ProbeTaskHubAsync(DurableTaskClient durable, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await new Orchestrations.DurableWorkflowCensus(durable).ProbeAsync(limit.Token).WaitAsync(limit.Token);
            return new HealthEntry(HealthStatus.Healthy, "the task hub answers", null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthEntry(HealthStatus.Unhealthy, $"the task hub did not answer within {timeout.TotalSeconds:0} s", null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthEntry(HealthStatus.Unhealthy, $"the task hub does not answer: {ex.GetType().Name}", null);
        }
    }
}

public sealed record HealthAnswer(string Status, IReadOnlyDictionary<string, HealthEntry> Checks);

public sealed record HealthEntry(HealthStatus Status, string? Description, IReadOnlyDictionary<string, object>? Data)
{
    public static HealthEntry From(HealthReportEntry entry) =>
        new(entry.Status, entry.Exception is { } ex ? $"{entry.Description} ({ex.GetType().Name})".TrimStart() : entry.Description, entry.Data.Count == 0 ? null : entry.Data);
}
