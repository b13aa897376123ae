using LifeWindow.Integration.Privacy;

namespace LifeWindow.Functions.Operations;

/// <summary>
/// The right to delete, for operators: POST /api/customers/{customerKey}/erasure {reason} erases the customer everywhere
/// LifeWindow keeps them (their workflows ended and purged first) and answers the receipt; GET /api/erasures lists the
/// receipts, which name each customer only by a SHA-256 of their key. In the name of the authenticated operator (401
/// without one). `lifewindow erase` is its command-line client.
/// </summary>
public sealed class ErasureFunctions(CustomerErasure erasure, IErasureLog log, OperatorIdentity operators)
{
    [Function("EraseCustomer")]
    public async Task<IResult> Erase(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "customers/{customerKey}/erasure")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string customerKey,
        CancellationToken cancellationToken)
    {
        var (asked, refusal) = await OperatorSubmission.ReadAnswerAsync(
            request, customerKey, operators, s => s.Fields.String("reason", 500) is { } reason ? new ErasureRequest(reason, s.SignedIn!) : null, cancellationToken, routeName: "customerKey");
        return asked is null
            ? refusal!
            : Results.Json(await erasure.EraseAsync(customerKey, asked.Operator, asked.Reason, new DurableWorkflowGateway(durable), cancellationToken), LifeWindowJson.Options);
    }

    [Function("ListErasures")]
    public async Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "erasures")] HttpRequest request,
        CancellationToken cancellationToken) =>
        Results.Json(await OperatorQuery.TakeAsync(request, log.ListAsync(cancellationToken), r => r, cancellationToken), LifeWindowJson.Options);
}

/// <summary>Why, and in which operator's name, a customer is to be erased.</summary>
internal sealed record ErasureRequest(string Reason, string Operator);
