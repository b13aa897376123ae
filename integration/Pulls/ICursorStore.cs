namespace LifeWindow.Integration.Pulls;

/// <summary>
/// Where a pull job stands: the cursor of the next page to fetch (null: from the partner's start) and how
/// many records at the head of that page are already ingested, with a digest of them, so an interrupted
/// page resumes after its last ingested record if the partner serves the same page again.
/// </summary>
public sealed record PullCursor
{
    public static readonly PullCursor Start = new();

    /// <summary>The partner's opaque cursor for the next page; null before the first page.</summary>
    public string? Cursor { get; init; }

    /// <summary>Records at the head of the page at <see cref="Cursor"/> that were already ingested.</summary>
    public int PageRecordsDone { get; init; }

    /// <summary>SHA-256 over the evidence hashes of those records (see <see cref="PullJobRunner"/>).</summary>
    public string? PageDigest { get; init; }

    /// <summary>Pages and records completed since the job began (for operators).</summary>
    public long Pages { get; init; }

    public long Records { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>A run's hold on a job's cursor row: who holds it and the row version it last wrote (ETag).</summary>
public sealed record CursorLease(string Job, string Owner, PullCursor Position, string Version);

/// <summary>
/// The pull cursors, one row per job, with a lease so two runs of a job never overlap: a run claims the
/// row (optimistic concurrency on its version), every save checks the version it holds and extends the
/// lease, and a run whose lease was taken over fails its next save instead of writing over the other run.
/// </summary>
public interface ICursorStore
{
    Task<PullCursor?> GetAsync(string job, CancellationToken cancellationToken);

    /// <summary>Claims the job for one run; null when another run holds an unexpired lease.</summary>
    Task<CursorLease?> TryAcquireAsync(string job, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Writes the new position and extends the lease. Throws <see cref="CursorLeaseLostException"/> when the row changed since <paramref name="lease"/>.</summary>
    Task<CursorLease> SaveAsync(CursorLease lease, PullCursor position, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Gives the lease up (the position stays); does nothing if the lease was already lost.</summary>
    Task ReleaseAsync(CursorLease lease, CancellationToken cancellationToken);
}

/// <summary>Another run took the job's cursor over (our lease expired); this run must stop without writing.</summary>
public sealed class CursorLeaseLostException : Exception
{
    public CursorLeaseLostException()
    {
    }

    public CursorLeaseLostException(string message)
        : base(message)
    {
    }

    public CursorLeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
