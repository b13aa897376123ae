namespace LifeWindow.Integration.Pulls;

/// <summary>
/// Cursors in Table storage: PartitionKey = job, RowKey = "cursor"; the position and the lease (owner,
/// until) in one row, so claiming, saving and releasing are each one conditional write on the row's ETag.
/// </summary>
public sealed class TableCursorStore(LifeWindowTables tables) : ICursorStore
{
    private const string RowKey = "cursor";

    public async Task<PullCursor?> GetAsync(string job, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.PullCursors, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(job, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value is not null ? Read(row.Value) : null;
    }

    public async Task<CursorLease?> TryAcquireAsync(string job, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.PullCursors, cancellationToken).ConfigureAwait(false);
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(job, RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        try
        {
            if (!existing.HasValue || existing.Value is null)
            {
                var added = await table.AddEntityAsync(Write(job, PullCursor.Start, owner, now + lease), cancellationToken).ConfigureAwait(false);
                return new CursorLease(job, owner, PullCursor.Start, Version(added));
            }

            var row = existing.Value;
            if (row.GetString("LeaseOwner") is { } holder && holder != owner && row.GetDateTimeOffset("LeaseUntil") > now)
            {
                return null;
            }

            var position = Read(row);
            var claimed = await table.UpdateEntityAsync(Write(job, position, owner, now + lease), row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return new CursorLease(job, owner, position, Version(claimed));
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another run created or claimed the row between our read and our write: it holds the job now.
            return null;
        }
    }

    public async Task<CursorLease> SaveAsync(CursorLease lease, PullCursor position, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.PullCursors, cancellationToken).ConfigureAwait(false);
        try
        {
            var saved = await table.UpdateEntityAsync(Write(lease.Job, position, lease.Owner, leaseUntil), new ETag(lease.Version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return lease with { Position = position, Version = Version(saved) };
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            throw new CursorLeaseLostException($"The cursor of pull '{lease.Job}' was taken over by another run.", ex);
        }
    }

    public async Task ReleaseAsync(CursorLease lease, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.PullCursors, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.UpdateEntityAsync(Write(lease.Job, lease.Position, null, null), new ETag(lease.Version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Already taken over: the lease is not ours to give back.
        }
    }

    private static string Version(Response response) =>
        response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("Table storage returned no ETag for a cursor write.");

    private static TableEntity Write(string job, PullCursor position, string? owner, DateTimeOffset? leaseUntil) => new(job, RowKey)
    {
        ["Cursor"] = position.Cursor,
        ["PageRecordsDone"] = position.PageRecordsDone,
        ["PageDigest"] = position.PageDigest,
        ["Pages"] = position.Pages,
        ["Records"] = position.Records,
        ["UpdatedAt"] = position.UpdatedAt,
        ["LeaseOwner"] = owner,
        ["LeaseUntil"] = leaseUntil,
    };

    private static PullCursor Read(TableEntity row) => new()
    {
        Cursor = row.GetString("Cursor"),
        PageRecordsDone = row.GetInt32("PageRecordsDone") ?? 0,
        PageDigest = row.GetString("PageDigest"),
        Pages = row.GetInt64("Pages") ?? 0,
        Records = row.GetInt64("Records") ?? 0,
        UpdatedAt = row.GetDateTimeOffset("UpdatedAt"),
    };
}
