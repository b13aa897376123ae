namespace LifeWindow.Integration.Credit;

/// <summary>Every credit application, for the velocity check. Recording the same application id twice keeps the first.</summary>
public interface ICreditApplicationLog
{
    Task RecordAsync(string customerKey, string applicationId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Applications recorded at or after <paramref name="since"/> and not after <paramref name="until"/>.</summary>
    Task<int> CountAsync(string customerKey, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken);
}

/// <summary>Credit decisions with their checks, scorecard and reason codes, for risk and compliance to read back.</summary>
public interface ICreditDecisionStore
{
    /// <summary>Saves the decision; saving the same decision id again keeps the first.</summary>
    Task SaveAsync(CreditDecisionRecord decision, CancellationToken cancellationToken);

    Task<CreditDecisionRecord?> GetAsync(string customerKey, string decisionId, CancellationToken cancellationToken);

    IAsyncEnumerable<CreditDecisionRecord> ListForCustomerAsync(string customerKey, CancellationToken cancellationToken);
}

/// <summary>Fraud blacklist (customer keys). Filled by the bank's fraud team; not a feed yet.</summary>
public interface ICreditBlacklist
{
    Task<bool> ContainsAsync(string customerKey, CancellationToken cancellationToken);

    Task AddAsync(string customerKey, string reason, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>A recorded decision: the outcome as the workflow ended (after approvals), the evaluation behind it, and who approved.</summary>
public sealed record CreditDecisionRecord
{
    public required string DecisionId { get; init; }

    public required string ApplicationId { get; init; }

    public required string CustomerKey { get; init; }

    public required string Product { get; init; }

    public required CreditOutcome Outcome { get; init; }

    public required decimal RequestedAmount { get; init; }

    public required decimal ApprovedAmount { get; init; }

    public required decimal AnnualRatePct { get; init; }

    public required IReadOnlyList<string> ReasonCodes { get; init; }

    public required CreditEvaluation Evaluation { get; init; }

    public IReadOnlyList<string> CoOwners { get; init; } = [];

    public IReadOnlyList<string> Approvers { get; init; } = [];

    public string? HoldId { get; init; }

    public required string PolicyVersion { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }
}

public sealed class InMemoryCreditApplicationLog : ICreditApplicationLog
{
    private readonly ConcurrentDictionary<(string Customer, string Application), DateTimeOffset> applications = new();

    public Task RecordAsync(string customerKey, string applicationId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        applications.TryAdd((customerKey, applicationId), at);
        return Task.CompletedTask;
    }

    public Task<int> CountAsync(string customerKey, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken) =>
        Task.FromResult(applications.Count(a => a.Key.Customer == customerKey && a.Value >= since && a.Value <= until));
}

public sealed class InMemoryCreditDecisionStore : ICreditDecisionStore
{
    private readonly ConcurrentDictionary<(string Customer, string Decision), CreditDecisionRecord> decisions = new();

    public Task SaveAsync(CreditDecisionRecord decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        decisions.TryAdd((decision.CustomerKey, decision.DecisionId), decision);
        return Task.CompletedTask;
    }

    public Task<CreditDecisionRecord?> GetAsync(string customerKey, string decisionId, CancellationToken cancellationToken) =>
        Task.FromResult(decisions.TryGetValue((customerKey, decisionId), out var d) ? d : null);

    public async IAsyncEnumerable<CreditDecisionRecord> ListForCustomerAsync(string customerKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var decision in decisions.Where(d => d.Key.Customer == customerKey).Select(d => d.Value).OrderBy(d => d.DecidedAt))
        {
            yield return decision;
        }
    }
}

public sealed class InMemoryCreditBlacklist : ICreditBlacklist
{
    private readonly ConcurrentDictionary<string, string> listed = new(StringComparer.Ordinal);

    public Task<bool> ContainsAsync(string customerKey, CancellationToken cancellationToken) => Task.FromResult(listed.ContainsKey(customerKey));

    public Task AddAsync(string customerKey, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        listed[customerKey] = reason;
        return Task.CompletedTask;
    }
}

/// <summary>Table CreditApplications: PartitionKey = customer key, RowKey = application id, At = when it was made.</summary>
public sealed class TableCreditApplicationLog(LifeWindowTables tables) : ICreditApplicationLog
{
    public async Task RecordAsync(string customerKey, string applicationId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.CreditApplications, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(new TableEntity(customerKey, applicationId) { ["At"] = at }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Recorded by an earlier run of the same activity.
        }
    }

    public async Task<int> CountAsync(string customerKey, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.CreditApplications, cancellationToken).ConfigureAwait(false);
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {customerKey} and At ge {since} and At le {until}"), select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }
}

/// <summary>Table CreditDecisions: PartitionKey = customer key, RowKey = decision id (the workflow's instance id).</summary>
public sealed class TableCreditDecisionStore(LifeWindowTables tables) : ICreditDecisionStore
{
    public async Task SaveAsync(CreditDecisionRecord decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var table = await tables.GetAsync(LifeWindowTables.CreditDecisions, cancellationToken).ConfigureAwait(false);
        var entity = TableJson.Write(decision.CustomerKey, decision.DecisionId, decision);
        entity["Outcome"] = decision.Outcome.ToString();
        entity["ReasonCodes"] = string.Join(',', decision.ReasonCodes);
        entity["PolicyVersion"] = decision.PolicyVersion;
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // First write wins: a retried activity does not rewrite the record.
        }
    }

    public async Task<CreditDecisionRecord?> GetAsync(string customerKey, string decisionId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.CreditDecisions, cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(customerKey, decisionId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity ? TableJson.Read<CreditDecisionRecord>(entity) : null;
    }

    public async IAsyncEnumerable<CreditDecisionRecord> ListForCustomerAsync(string customerKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.CreditDecisions, cancellationToken).ConfigureAwait(false);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {customerKey}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return TableJson.Read<CreditDecisionRecord>(entity);
        }
    }
}

/// <summary>Table CreditBlacklist: PartitionKey = customer key, RowKey "blacklist".</summary>
public sealed class TableCreditBlacklist(LifeWindowTables tables) : ICreditBlacklist
{
    private const string Row = "blacklist";

    public async Task<bool> ContainsAsync(string customerKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.CreditBlacklist, cancellationToken).ConfigureAwait(false);
        return (await table.GetEntityIfExistsAsync<TableEntity>(customerKey, Row, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false)).HasValue;
    }

    public async Task AddAsync(string customerKey, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.CreditBlacklist, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(customerKey, Row) { ["Reason"] = reason, ["At"] = at }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }
}
