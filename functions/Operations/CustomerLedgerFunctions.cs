using LifeWindow.Domain.Feeds;
using LifeWindow.Integration.Audit;
using LifeWindow.Integration.Storage;

namespace LifeWindow.Functions.Operations;

/// <summary>
/// A customer's ledgers as operators and auditors read them (what a data-access request needs); function-level keys
/// protect them in Azure.
/// <list type="bullet">
/// <item>GET /api/customers/{customerKey}/consents: every consent record ever accepted (grant or withdrawal, by purpose,
/// source and partner, with its time and evidence id), straight from the append-only fact log, and the state now in
/// force per purpose, source and partner (the latest record of each).</item>
/// <item>GET /api/customers/{customerKey}/decisions: every decision LifeWindow made about the customer, oldest first,
/// from their audit chain (windows, consents, offers planned, income verdicts, credit decisions, leads sent or
/// withdrawn), each with its versions, reason codes, inputs digest and chain hashes.</item>
/// </list>
/// </summary>
public sealed class CustomerLedgerFunctions(IFactLog facts, IAuditLog audit)
{
    [Function("GetCustomerDecisions")]
    public async Task<IResult> GetDecisions(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "customers/{customerKey}/decisions")] HttpRequest request,
        string customerKey,
        CancellationToken cancellationToken) =>
        WorkflowRequests.InvalidInstanceId(customerKey, "customerKey") is { } invalid
            ? invalid
            : Results.Json(
                new { customerKey, chain = AuditChain.PartitionOf(customerKey), decisions = await OperatorQuery.TakeAsync(request, audit.ReadForCustomerAsync(customerKey, cancellationToken), r => r, cancellationToken) },
                LifeWindowJson.Options);

    [Function("GetCustomerConsents")]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "customers/{customerKey}/consents")] HttpRequest request,
        string customerKey,
        CancellationToken cancellationToken)
    {
        if (WorkflowRequests.InvalidInstanceId(customerKey, "customerKey") is { } invalid)
        {
            return invalid;
        }

        var history = await ConsentLedger.ReadAsync(facts, customerKey, cancellationToken);
        return Results.Json(new ConsentLedger(customerKey, ConsentLedger.InForce(history), history), LifeWindowJson.Options);
    }
}

/// <summary>One accepted consent record, as the ledger shows it.</summary>
public sealed record ConsentLedgerEntry(
    ConsentPurpose Purpose, ConsentSource Source, string? Partner, ConsentAction Action, DateTimeOffset At, string EvidenceId, string RecordId, DateTimeOffset RecordedAt);

/// <summary>A customer's consents: those in force (the latest per purpose, source and partner) and the whole history, oldest first.</summary>
public sealed record ConsentLedger(string CustomerKey, IReadOnlyList<ConsentLedgerEntry> InForceNow, IReadOnlyList<ConsentLedgerEntry> History)
{
    public static async Task<IReadOnlyList<ConsentLedgerEntry>> ReadAsync(IFactLog facts, string customerKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var history = new List<ConsentLedgerEntry>();
        await foreach (var fact in facts.ReadAsync(customerKey, cancellationToken).ConfigureAwait(false))
        {
            if (fact.Record is ConsentRecord c)
            {
                history.Add(new ConsentLedgerEntry(c.Purpose, c.Source, c.Partner, c.Action, c.At, c.EvidenceId, c.RecordId, fact.RecordedAt));
            }
        }

        return [.. history.OrderBy(e => e.At).ThenBy(e => e.RecordedAt)];
    }

    public static IReadOnlyList<ConsentLedgerEntry> InForce(IReadOnlyList<ConsentLedgerEntry> history) =>
        [.. history.GroupBy(e => (e.Purpose, e.Source, e.Partner)).Select(g => g.Last()).OrderBy(e => e.Purpose).ThenBy(e => e.Source).ThenBy(e => e.Partner, StringComparer.Ordinal)];
}
