namespace LifeWindow.Integration.Pulls;

/// <summary>Cursors in process memory (embedded default): the same lease and version rules as the Table store.</summary>
public sealed class InMemoryCursorStore : ICursorStore
{
    private readonly Dictionary<string, Row> rows = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private long versions;

    public Task<PullCursor?> GetAsync(string job, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(rows.TryGetValue(job, out var row) ? row.Position : null);
        }
    }

    public Task<CursorLease?> TryAcquireAsync(string job, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var position = PullCursor.Start;
            if (rows.TryGetValue(job, out var row))
            {
                if (row.Owner is not null && row.Owner != owner && row.LeaseUntil > now)
                {
                    return Task.FromResult<CursorLease?>(null);
                }

                position = row.Position;
            }

            var claimed = new Row(position, owner, now + lease, NextVersion());
            rows[job] = claimed;
            return Task.FromResult<CursorLease?>(new CursorLease(job, owner, position, claimed.Version));
        }
    }

    public Task<CursorLease> SaveAsync(CursorLease lease, PullCursor position, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!rows.TryGetValue(lease.Job, out var row) || row.Version != lease.Version)
            {
                throw new CursorLeaseLostException($"The cursor of pull '{lease.Job}' was taken over by another run.");
            }

            var saved = new Row(position, lease.Owner, leaseUntil, NextVersion());
            rows[lease.Job] = saved;
            return Task.FromResult(lease with { Position = position, Version = saved.Version });
        }
    }

    public Task ReleaseAsync(CursorLease lease, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (rows.TryGetValue(lease.Job, out var row) && row.Version == lease.Version)
            {
                rows[lease.Job] = new Row(row.Position, null, null, NextVersion());
            }
        }

        return Task.CompletedTask;
    }

    private string NextVersion() => (++versions).ToString(CultureInfo.InvariantCulture);

    private sealed record Row(PullCursor Position, string? Owner, DateTimeOffset? LeaseUntil, string Version);
}
