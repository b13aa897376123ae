namespace LifeWindow.Integration.DeadLetters;

public interface IDeadLetterStore
{
    Task AddAsync(DeadLetter deadLetter, CancellationToken cancellationToken);

    Task<DeadLetter?> GetAsync(string id, CancellationToken cancellationToken);

    Task UpdateAsync(DeadLetter deadLetter, CancellationToken cancellationToken);

    /// <summary>Oldest first; optionally one feed and one status.</summary>
    IAsyncEnumerable<DeadLetter> ListAsync(string? feed, DeadLetterStatus? status, CancellationToken cancellationToken);

    Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);

    /// <summary>Deletes one letter (an erasure); false when there was none.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}

public static class DeadLetterIds
{
    /// <summary>Time-ordered ids ("dl-&lt;ticks&gt;-&lt;random&gt;"), so listing by row key is listing by arrival.</summary>
    public static string New(DateTimeOffset at) => $"dl-{at.UtcTicks:D19}-{Guid.NewGuid().ToString("N")[..8]}";
}

public sealed class InMemoryDeadLetterStore : IDeadLetterStore
{
    private readonly ConcurrentDictionary<string, DeadLetter> letters = new(StringComparer.Ordinal);

    public Task AddAsync(DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        letters[deadLetter.Id] = deadLetter;
        return Task.CompletedTask;
    }

    public Task<DeadLetter?> GetAsync(string id, CancellationToken cancellationToken) => Task.FromResult(letters.GetValueOrDefault(id));

    public Task UpdateAsync(DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        letters[deadLetter.Id] = deadLetter;
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<DeadLetter> ListAsync(string? feed, DeadLetterStatus? status, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var letter in letters.Values.OrderBy(l => l.Id, StringComparer.Ordinal))
        {
            if ((feed is null || letter.Feed == feed) && (status is null || letter.Status == status))
            {
                yield return letter;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => Task.FromResult(letters.TryRemove(id, out _));

    public Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var old = letters.Values.Where(l => l.ReceivedAt < olderThan).Select(l => l.Id).ToList();
        old.ForEach(id => letters.TryRemove(id, out _));
        return Task.FromResult(old.Count);
    }
}

/// <summary>Table layout: PartitionKey = "dl", RowKey = time-ordered id; feed and status beside the JSON for filtering.</summary>
public sealed class TableDeadLetterStore(LifeWindowTables tables) : IDeadLetterStore
{
    private const string Partition = "dl";

    public async Task AddAsync(DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.DeadLetters, cancellationToken).ConfigureAwait(false);
        await table.AddEntityAsync(ToEntity(deadLetter), cancellationToken).ConfigureAwait(false);
    }

    public async Task<DeadLetter?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.DeadLetters, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? TableJson.Read<DeadLetter>(row.Value!) : null;
    }

    public async Task UpdateAsync(DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.DeadLetters, cancellationToken).ConfigureAwait(false);
        await table.UpdateEntityAsync(ToEntity(deadLetter), ETag.All, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<DeadLetter> ListAsync(string? feed, DeadLetterStatus? status, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.DeadLetters, cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        if (feed is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Feed eq {feed}");
        }

        if (status is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {status.ToString()}");
        }

        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return TableJson.Read<DeadLetter>(entity);
        }
    }

    public async Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.DeadLetters, cancellationToken).ConfigureAwait(false);
        var purged = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey lt {DeadLetterIds.New(olderThan)[..22]}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            purged++;
        }

        return purged;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.DeadLetters, cancellationToken).ConfigureAwait(false);
        using var response = await table.DeleteEntityAsync(Partition, id, ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status != 404;
    }

    private static TableEntity ToEntity(DeadLetter letter)
    {
        var entity = TableJson.Write(Partition, letter.Id, letter);
        entity["Feed"] = letter.Feed;
        entity["Status"] = letter.Status.ToString();
        return entity;
    }
}
