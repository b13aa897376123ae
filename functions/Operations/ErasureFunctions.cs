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
        var (submission, refusal) = await OperatorSubmission.ReadAsync(request, customerKey, operators, cancellationToken, routeName: "customerKey");
        if (submission is null || submission.Fields.String("reason", 500) is not { } reason || !submission.Valid)
        {
            return refusal ?? submission!.Invalid();
        }

        var receipt = await erasure.EraseAsync(customerKey, submission.SignedIn!, reason, new DurableWorkflowGateway(durable), cancellationToken);
        return Results.Json(receipt, LifeWindowJson.Options);
    }

    [Function("ListErasures")]
    public async Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "erasures")] HttpRequest request,
        CancellationToken cancellationToken) =>
        Results.Json(await OperatorQuery.TakeAsync(request, log.ListAsync(cancellationToken), r => r, cancellationToken), LifeWindowJson.Options);
}
