namespace LifeWindow.Integration.Tokenization;

/// <summary>
/// Partner matching tokens → customer keys. Filled whenever ingress sees an ID or phone number (which
/// it then discards), read when a platform's whitelist names customers by token only.
/// </summary>
public interface IMatchIndex
{
    Task AddAsync(IEnumerable<MatchToken> tokens, CancellationToken cancellationToken);

    Task<string?> FindAsync(string partner, MatchKind kind, string token, CancellationToken cancellationToken);
}

public sealed class InMemoryMatchIndex : IMatchIndex, ICustomerDataEraser
{
    private readonly ConcurrentDictionary<(string, MatchKind, string), string> index = new();

    public string ErasedItems => "match-index entries";

    public Task<int> EraseCustomerAsync(string customerKey, CancellationToken cancellationToken) =>
        Task.FromResult(index.Where(e => e.Value == customerKey).Count(e => index.TryRemove(e.Key, out _)));

    public Task AddAsync(IEnumerable<MatchToken> tokens, CancellationToken cancellationToken)
    {
        foreach (var t in tokens)
        {
            index[(t.Partner.ToUpperInvariant(), t.Kind, t.Token)] = t.CustomerKey;
        }

        return Task.CompletedTask;
    }

    public Task<string?> FindAsync(string partner, MatchKind kind, string token, CancellationToken cancellationToken) =>
        Task.FromResult(index.GetValueOrDefault((partner.ToUpperInvariant(), kind, token)));
}

/// <summary>Table layout: PartitionKey = partner|kind, RowKey = token.</summary>
public sealed class TableMatchIndex(LifeWindowTables tables) : IMatchIndex, ICustomerDataEraser
{
    public string ErasedItems => "match-index entries";

    /// <summary>
    /// A filtered scan of the whole index (it is keyed by partner and token, not by customer): an erasure is rare, and a
    /// second index by customer would be one more thing to keep in step on every ingress.
    /// </summary>
    public async Task<int> EraseCustomerAsync(string customerKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.MatchIndex, cancellationToken).ConfigureAwait(false);
        return await TableRows.DeleteAsync(table, TableClient.CreateQueryFilter($"CustomerKey eq {customerKey}"), cancellationToken).ConfigureAwait(false);
    }

    public async Task AddAsync(IEnumerable<MatchToken> tokens, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.MatchIndex, cancellationToken).ConfigureAwait(false);
        foreach (var group in tokens.GroupBy(t => Partition(t.Partner, t.Kind)))
        {
            var actions = group.DistinctBy(t => t.Token)
                .Select(t => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(group.Key, t.Token) { ["CustomerKey"] = t.CustomerKey }))
                .ToList();
            foreach (var chunk in actions.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<string?> FindAsync(string partner, MatchKind kind, string token, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.MatchIndex, cancellationToken).ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition(partner, kind), token, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value!.GetString("CustomerKey") : null;
    }

    private static string Partition(string partner, MatchKind kind) => $"{partner.ToUpperInvariant()}|{kind}";
}
