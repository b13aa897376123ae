using LifeWindow.Integration.Crm;
using LifeWindow.Integration.Outbox;

namespace LifeWindow.Integration.Telemetry;

/// <summary>
/// The numbers an operator looks at first (<c>GET /api/ops</c>, and the gauges of docs/observability.md): the feed
/// stream's backlog and lag, windows per rule and state, leads by delivery state, open dead letters per feed, the CRM
/// breaker; the Functions endpoint adds workflows by state from the task hub.
/// </summary>
public sealed record OpsSummary(
    DateTimeOffset At,
    FeedStreamState FeedStream,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> WindowsByRule,
    IReadOnlyDictionary<string, int> Leads,
    IReadOnlyDictionary<string, int> OpenDeadLetters,
    string CrmBreaker)
{
    /// <summary>Workflow instances by runtime status (the task hub's instance table); null where no client was at hand.</summary>
    public IReadOnlyDictionary<string, int>? Workflows { get; init; }

    /// <summary>This instance's counter totals since it started (<see cref="InstanceCounters"/>): its share of the work.</summary>
    public IReadOnlyDictionary<string, long>? ThisInstance { get; init; }

    /// <summary>This instance's per-feed totals since it started: records accepted and rejected at ingress.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>? ThisInstanceByFeed { get; init; }
}

/// <summary>
/// Reads <see cref="OpsSummary"/> from the stores. Windows and dead letters are counted by reading their tables through;
/// that is an operator's occasional request (and the gauges' refresh, every <c>Telemetry:GaugeRefreshSeconds</c>), fine
/// at the tens of thousands of windows a bank holds open, and the reason the gauges are cached rather than read per
/// collection.
/// </summary>
public sealed class OpsReader(IFeedStreamMonitor stream, IWindowStore windows, ILeadOutbox outbox, IDeadLetterStore deadLetters, CrmCircuit crm, InstanceCounters instance, TimeProvider time)
{
    public async Task<OpsSummary> ReadAsync(CancellationToken cancellationToken)
    {
        var byRule = new SortedDictionary<string, SortedDictionary<string, int>>(StringComparer.Ordinal);
        await foreach (var window in windows.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var states = byRule.TryGetValue(window.RuleId, out var found) ? found : byRule[window.RuleId] = new(StringComparer.Ordinal);
            states[window.State.ToString()] = states.GetValueOrDefault(window.State.ToString()) + 1;
        }

        var leads = Enum.GetValues<OutboxStatus>().ToDictionary(s => s.ToString(), _ => 0, StringComparer.Ordinal);
        await foreach (var entry in outbox.ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            leads[entry.Status.ToString()]++;
        }

        var letters = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await foreach (var letter in deadLetters.ListAsync(null, DeadLetterStatus.Open, cancellationToken).ConfigureAwait(false))
        {
            letters[letter.Feed] = letters.GetValueOrDefault(letter.Feed) + 1;
        }

        return new OpsSummary(
            time.GetUtcNow(),
            await stream.ReadAsync(cancellationToken).ConfigureAwait(false),
            byRule.ToDictionary(r => r.Key, r => (IReadOnlyDictionary<string, int>)r.Value, StringComparer.Ordinal),
            leads,
            letters,
            crm.State.ToString())
        {
            ThisInstance = instance.Snapshot(),
            ThisInstanceByFeed = instance.SnapshotByFeed(),
        };
    }
}
