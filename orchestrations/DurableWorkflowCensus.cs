using LifeWindow.Integration.Telemetry;

namespace LifeWindow.Orchestrations;

/// <summary>
/// Workflow instances by runtime status, read from the task hub through a DurableTaskClient (the instance list is the
/// engine's own index; there is no count query, so this pages through it — an operator's occasional read).
/// Also the task hub's health probe: a one-page query that must answer.
/// </summary>
public sealed class DurableWorkflowCensus(DurableTaskClient client) : IWorkflowCensus
{
    public async Task<IReadOnlyDictionary<string, int>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = false, PageSize = 500 }).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var status = instance.RuntimeStatus.ToString();
            counts[status] = counts.GetValueOrDefault(status) + 1;
        }

        return counts;
    }

    /// <summary>The task hub answers a query for one instance.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = false, PageSize = 1 }).AsPages().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            break;
        }
    }
}
