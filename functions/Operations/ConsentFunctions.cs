using LifeWindow.Domain.Feeds;
using LifeWindow.Integration.Storage;

namespace LifeWindow.Functions.Operations;

/// <summary>
/// GET /api/customers/{customerKey}/consents: a customer's consent ledger as operators and auditors read it — every
/// consent record ever accepted (grant or withdrawal, by purpose, source and partner, with its time and evidence id),
/// straight from the append-only fact log, and the state now in force per purpose, source and partner (the latest
/// record of each). Function-level keys protect it in Azure.
/// </summary>
public sealed class ConsentFunctions(IFactLog facts)
{
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
