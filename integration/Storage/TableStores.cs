namespace LifeWindow.Integration.Storage;

/// <summary>
/// Profiles in Table storage, in the shard partitions of <see cref="TableShards"/>: per customer a head row
/// ("{key}|profile": snapshot, tags, compaction boundary; its ETag is the profile's version) and one row per recent fact
/// ("{key}|f|yyyyMMdd|evidence"). A save is one entity-group transaction per shard: each customer's head (added, or
/// replaced if its ETag still matches) with its new fact rows, many customers to a transaction; a customer whose head
/// changed underneath is taken out and reported, the others commit. Rows of compacted facts are removed after the
/// head commits; a row left behind by an interruption is ignored on read (its month is before the head's boundary) and
/// removed by the next save.
/// </summary>
public sealed class TableProfileStore(LifeWindowTables tables) : IProfileStore
{
    private const string HeadRow = "profile";
    private const string FactPrefix = "f|";

    /// <summary>A transaction's payload may be 4 MiB; heads spill up to 1 MiB, so keep to about 3 MB of JSON text.</summary>
    private const int MaxTransactionChars = 3_000_000;

    public async Task<StoredProfile?> GetAsync(string customerKey, CancellationToken cancellationToken) =>
        (await GetManyAsync([customerKey], cancellationToken).ConfigureAwait(false)).GetValueOrDefault(customerKey);

    /// <summary>One query per shard for up to <see cref="TableShards.CustomersPerQuery"/> customers, the queries side by side.</summary>
    public async Task<IReadOnlyDictionary<string, StoredProfile>> GetManyAsync(IReadOnlyCollection<string> customerKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerKeys);
        var table = await tables.GetAsync(LifeWindowTables.Profiles, cancellationToken).ConfigureAwait(false);
        var found = new Dictionary<string, StoredProfile>(StringComparer.Ordinal);
        foreach (var customer in await TableShards.ReadCustomersAsync(table, customerKeys, cancellationToken).ConfigureAwait(false))
        {
            if (Read(customer) is { } stored)
            {
                found[customer.Key] = stored;
            }
        }

        return found;
    }

    private static StoredProfile? Read(IEnumerable<TableEntity> rows)
    {
        TableEntity? head = null;
        var facts = new List<Fact>();
        var stored = new List<string>();
        foreach (var entity in rows)
        {
            var rest = TableShards.Split(entity.RowKey).Remainder;
            if (rest == HeadRow)
            {
                head = entity;
            }
            else if (rest.StartsWith(FactPrefix, StringComparison.Ordinal))
            {
                stored.Add(rest);
                facts.Add(TableJson.Read<Fact>(entity));
            }
        }

        if (head is null)
        {
            return null;
        }

        var profile = TableJson.Read<CustomerProfile>(head);
        var current = facts
            .Where(f => profile.CompactedBefore is not { } boundary || YearMonth.From(f.ValidFrom) >= boundary)
            .OrderBy(f => f.ValidFrom)
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
        return new StoredProfile(profile with { Facts = current }, head.ETag.ToString()) { StoredFacts = stored };
    }

    public async Task SaveAsync(CustomerProfile profile, StoredProfile? read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if ((await SaveManyAsync([(profile, read)], cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            throw new ConcurrencyConflictException($"Profile {profile.CustomerKey} changed since version {read?.Version ?? "(new)"}.");
        }
    }

    public async Task<IReadOnlySet<string>> SaveManyAsync(IReadOnlyList<(CustomerProfile Profile, StoredProfile? Read)> saves, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(saves);
        var table = await tables.GetAsync(LifeWindowTables.Profiles, cancellationToken).ConfigureAwait(false);
        var plans = new List<SavePlan>();
        foreach (var (profile, read) in saves)
        {
            plans.Add(await PlanAsync(table, profile, read, cancellationToken).ConfigureAwait(false));
        }

        var conflicts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var transaction in Transactions(plans))
        {
            await CommitAsync(table, transaction, conflicts, cancellationToken).ConfigureAwait(false);
        }

        var removals = plans
            .Where(p => !conflicts.Contains(p.CustomerKey))
            .SelectMany(p => p.Removed.Select(rest => new TableEntity(p.Shard, TableShards.RowKey(p.CustomerKey, rest))))
            .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
            .SelectMany(shard => shard.Chunk(TableShards.MaxTransaction));
        foreach (var chunk in removals)
        {
            await TableRows.DeleteRowsAsync(table, chunk, cancellationToken).ConfigureAwait(false);
        }

        return conflicts;
    }

    /// <summary>
    /// What one customer's save writes. Facts beyond one transaction go first: a fact row without a head that knows it
    /// is still a true fact (the retried fold finds it known), so only the head needs the ETag check.
    /// </summary>
    private static async Task<SavePlan> PlanAsync(TableClient table, CustomerProfile profile, StoredProfile? read, CancellationToken cancellationToken)
    {
        var shard = TableShards.Of(profile.CustomerKey);
        var stored = read?.StoredFacts.ToHashSet(StringComparer.Ordinal) ?? [];
        var keep = profile.Facts.ToDictionary(RowOf, StringComparer.Ordinal);
        var added = keep.Where(f => !stored.Contains(f.Key)).Select(f => TableJson.Write(shard, TableShards.RowKey(profile.CustomerKey, f.Key), f.Value)).ToList();
        while (added.Count > TableShards.MaxTransaction - 1)
        {
            var chunk = added.GetRange(0, TableShards.MaxTransaction);
            added.RemoveRange(0, TableShards.MaxTransaction);
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken).ConfigureAwait(false);
        }

        var head = TableJson.Write(shard, TableShards.RowKey(profile.CustomerKey, HeadRow), profile with { Facts = [] });
        var actions = new List<TableTransactionAction>
        {
            read is null
                ? new TableTransactionAction(TableTransactionActionType.Add, head)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, head, new ETag(read.Version)),
        };
        actions.AddRange(added.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)));
        var chars = actions.Sum(a => ((TableEntity)a.Entity).Sum(p => p.Value is string text ? text.Length : 16));
        return new SavePlan(profile.CustomerKey, shard, actions, chars, [.. stored.Where(r => !keep.ContainsKey(r))]);
    }

    /// <summary>Plans grouped by shard into transactions of at most 100 actions and about 3 MB, a customer never split.</summary>
    private static IEnumerable<List<SavePlan>> Transactions(IEnumerable<SavePlan> plans)
    {
        foreach (var shard in plans.GroupBy(p => p.Shard, StringComparer.Ordinal))
        {
            var current = new List<SavePlan>();
            var (actions, chars) = (0, 0);
            foreach (var plan in shard)
            {
                if (current.Count > 0 && (actions + plan.Actions.Count > TableShards.MaxTransaction || chars + plan.Chars > MaxTransactionChars))
                {
                    yield return current;
                    current = [];
                    (actions, chars) = (0, 0);
                }

                current.Add(plan);
                actions += plan.Actions.Count;
                chars += plan.Chars;
            }

            if (current.Count > 0)
            {
                yield return current;
            }
        }
    }

    /// <summary>
    /// Commits the customers' actions together. A head that changed underneath fails the whole transaction: that customer
    /// is noted as a conflict and the others are committed again without it. (When the service does not say which action
    /// failed, each customer is committed alone.)
    /// </summary>
    private static async Task CommitAsync(TableClient table, List<SavePlan> plans, HashSet<string> conflicts, CancellationToken cancellationToken)
    {
        while (plans.Count > 0)
        {
            try
            {
                await table.SubmitTransactionAsync(plans.SelectMany(p => p.Actions), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                if (plans.Count == 1)
                {
                    conflicts.Add(plans[0].CustomerKey);
                    return;
                }

                if (ex.FailedTransactionActionIndex is not { } index)
                {
                    foreach (var plan in plans)
                    {
                        await CommitAsync(table, [plan], conflicts, cancellationToken).ConfigureAwait(false);
                    }

                    return;
                }

                var failed = plans.SelectMany(p => p.Actions.Select(_ => p)).ElementAt(index);
                conflicts.Add(failed.CustomerKey);
                plans = [.. plans.Where(p => !ReferenceEquals(p, failed))];
            }
        }
    }

    public async Task<bool> DeleteAsync(string customerKey, CancellationToken cancellationToken) =>
        await TableRows.DeleteAsync(await tables.GetAsync(LifeWindowTables.Profiles, cancellationToken).ConfigureAwait(false), TableShards.CustomerFilter(customerKey), cancellationToken).ConfigureAwait(false) > 0;

    private static string RowOf(Fact fact) => string.Create(CultureInfo.InvariantCulture, $"{FactPrefix}{fact.ValidFrom:yyyyMMdd}|{fact.Id}");

    private sealed record SavePlan(string CustomerKey, string Shard, List<TableTransactionAction> Actions, int Chars, IReadOnlyList<string> Removed);
}

/// <summary>
/// Windows in Table storage, in the shard partitions of <see cref="TableShards"/>: RowKey = "{customer key}|{window id}",
/// so the consumer reads the windows of a take's customers in a query per shard.
/// </summary>
public sealed class TableWindowStore(LifeWindowTables tables) : IWindowStore, ICustomerDataEraser
{
    public string ErasedItems => "windows";

    public async Task<int> EraseCustomerAsync(string customerKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Windows, cancellationToken).ConfigureAwait(false);
        return await TableRows.DeleteAsync(table, TableShards.CustomerFilter(customerKey), cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Windows, cancellationToken).ConfigureAwait(false);
        var open = nameof(WindowState.Open);
        return await TableRows.DeleteAsync(table, TableClient.CreateQueryFilter($"State ne {open} and ClosesAt lt {olderThan}"), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TryAddAsync(Window window, CancellationToken cancellationToken) =>
        await TableRows.TryAddAsync(await tables.GetAsync(LifeWindowTables.Windows, cancellationToken).ConfigureAwait(false), ToEntity(window), cancellationToken).ConfigureAwait(false);

    public async Task<Window?> GetAsync(string customerKey, string windowId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Windows, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(TableShards.Of(customerKey), TableShards.RowKey(customerKey, windowId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is not null ? TableJson.Read<Window>(response.Value) : null;
    }

    public async Task SetStateAsync(string customerKey, string windowId, WindowState state, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Windows, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var current = await table.GetEntityAsync<TableEntity>(TableShards.Of(customerKey), TableShards.RowKey(customerKey, windowId), cancellationToken: cancellationToken).ConfigureAwait(false);
            var window = TableJson.Read<Window>(current.Value) with { State = state, StateChangedAt = at };
            try
            {
                await table.UpdateEntityAsync(ToEntity(window), current.Value.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 5)
            {
                // Changed underneath us: read again.
            }
        }
    }

    public async IAsyncEnumerable<Window> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Windows, cancellationToken).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return TableJson.Read<Window>(entity);
        }
    }

    public async IAsyncEnumerable<Window> ListForCustomerAsync(string customerKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Windows, cancellationToken).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableShards.CustomerFilter(customerKey), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return TableJson.Read<Window>(entity);
        }
    }

    /// <summary>One query per shard for up to <see cref="TableShards.CustomersPerQuery"/> customers, the queries side by side.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<Window>>> ListForCustomersAsync(IReadOnlyCollection<string> customerKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerKeys);
        var table = await tables.GetAsync(LifeWindowTables.Windows, cancellationToken).ConfigureAwait(false);
        var rows = await TableShards.ReadCustomersAsync(table, customerKeys, cancellationToken).ConfigureAwait(false);
        return customerKeys.Distinct(StringComparer.Ordinal).ToDictionary(
            key => key,
            key => (IReadOnlyList<Window>)[.. rows[key].Select(TableJson.Read<Window>)],
            StringComparer.Ordinal);
    }

    private static TableEntity ToEntity(Window window)
    {
        var entity = TableJson.Write(TableShards.Of(window.CustomerKey), TableShards.RowKey(window.CustomerKey, window.WindowId), window);
        entity["RuleId"] = window.RuleId;
        entity["State"] = window.State.ToString();
        entity["ClosesAt"] = window.ClosesAt;
        return entity;
    }
}

/// <summary>Leads in Table storage: PartitionKey = customer key, RowKey = lead id. Rows from "~" on are the lead outbox's, not leads.</summary>
public sealed class TableLeadStore(LifeWindowTables tables) : ILeadStore, ICustomerDataEraser
{
    private const string OutboxRows = "~";

    public string ErasedItems => "leads and outbox entries";

    /// <summary>The customer's partition of the Leads table: their leads and, beside them, their outbox entries.</summary>
    public async Task<int> EraseCustomerAsync(string customerKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        return await TableRows.DeleteAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {customerKey}"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lead rows only (row keys before "~"), by the CreatedAt column every lead row carries.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        return await TableRows.DeleteAsync(table, TableClient.CreateQueryFilter($"RowKey lt {OutboxRows} and CreatedAt lt {olderThan}"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A lead's row: the lead as JSON, and its creation time as a column for retention.</summary>
    internal static TableEntity ToEntity(Lead lead)
    {
        var entity = TableJson.Write(lead.CustomerKey, lead.LeadId, lead);
        entity["CreatedAt"] = lead.CreatedAt;
        return entity;
    }

    public async Task<Lead> SaveAsync(Lead lead, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        return await TableRows.TryAddAsync(table, ToEntity(lead), cancellationToken).ConfigureAwait(false)
            ? lead
            : (await GetAsync(lead.CustomerKey, lead.LeadId, cancellationToken).ConfigureAwait(false))?.Lead ?? lead;
    }

    public async Task<LeadRecord?> GetAsync(string customerKey, string leadId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(customerKey, leadId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is not null ? ToRecord(response.Value) : null;
    }

    public async Task RecordOutcomeAsync(string customerKey, string leadId, LeadOutcome outcome, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        var patch = new TableEntity(customerKey, leadId)
        {
            ["Outcome"] = outcome.ToString(),
            ["OutcomeAt"] = at,
        };
        await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<LeadRecord> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey lt {OutboxRows}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToRecord(entity);
        }
    }

    public async IAsyncEnumerable<LeadRecord> ListForCustomerAsync(string customerKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Leads, cancellationToken).ConfigureAwait(false);
        var records = new List<LeadRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {customerKey} and RowKey lt {OutboxRows}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            records.Add(ToRecord(entity));
        }

        foreach (var record in records.OrderBy(r => r.Lead.CreatedAt))
        {
            yield return record;
        }
    }

    private static LeadRecord ToRecord(TableEntity entity) => new(
        TableJson.Read<Lead>(entity),
        entity.GetString("Outcome") is { } outcome ? Enum.Parse<LeadOutcome>(outcome) : null,
        entity.GetDateTimeOffset("OutcomeAt"));
}

/// <summary>
/// Rows keep their document as JSON; key columns beside it stay queryable. A string property holds at most
/// 32K characters, so longer documents (a profile's snapshot) spill into Json1, Json2… (an entity holds 1 MiB).
/// </summary>
internal static class TableJson
{
    private const string Property = "Json";
    private const int ChunkChars = 30_000;

    public static TableEntity Write<T>(string partitionKey, string rowKey, T value)
    {
        var json = JsonSerializer.Serialize(value, LifeWindowJson.Options);
        var entity = new TableEntity(partitionKey, rowKey) { [Property] = json.Length <= ChunkChars ? json : json[..ChunkChars] };
        for (var (i, offset) = (1, ChunkChars); offset < json.Length; i++, offset += ChunkChars)
        {
            entity[string.Create(CultureInfo.InvariantCulture, $"{Property}{i}")] = json.Substring(offset, Math.Min(ChunkChars, json.Length - offset));
        }

        return entity;
    }

    /// <summary>The row's document with its ETag as the version (<paramref name="withVersion"/>); null when there is no row.</summary>
    public static async Task<T?> ReadVersionedAsync<T>(TableClient table, string partitionKey, string rowKey, Func<T, string, T> withVersion, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(withVersion);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity ? withVersion(Read<T>(entity), entity.ETag.ToString()) : null;
    }

    /// <summary>
    /// Writes a versioned row: inserts it when <paramref name="version"/> is null (no row yet), else replaces it only if
    /// its ETag still is <paramref name="version"/>. False when another writer got there first (409 or 412).
    /// </summary>
    public static async Task<bool> TryWriteVersionedAsync(TableClient table, TableEntity entity, string? version, CancellationToken cancellationToken)
    {
        try
        {
            if (version is null)
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await table.UpdateEntityAsync(entity, new ETag(version), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    public static T Read<T>(TableEntity entity)
    {
        var json = entity.GetString(Property) ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} has no {Property}.");
        if (entity.ContainsKey(Property + "1"))
        {
            var builder = new System.Text.StringBuilder(json);
            for (var i = 1; entity.GetString(string.Create(CultureInfo.InvariantCulture, $"{Property}{i}")) is { } chunk; i++)
            {
                builder.Append(chunk);
            }

            json = builder.ToString();
        }

        return JsonSerializer.Deserialize<T>(json, LifeWindowJson.Options)
            ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} holds null.");
    }
}
