using LifeWindow.Integration.Audit;

namespace LifeWindow.Functions.Operations;

/// <summary>
/// GET /api/customers/{customerKey}/decisions: every decision LifeWindow made about the customer, oldest first, from
/// their audit chain (windows opened and closed, consents, offers planned, income verdicts, credit decisions, leads sent
/// or withdrawn), each with its versions, reason codes, inputs digest and chain hash. What an auditor, or the customer's
/// data-access request, needs.
/// </summary>
public sealed class DecisionFunctions(IAuditLog audit)
{
    [Function("GetCustomerDecisions")]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "customers/{customerKey}/decisions")] HttpRequest request,
        string customerKey,
        CancellationToken cancellationToken) =>
        WorkflowRequests.InvalidInstanceId(customerKey, "customerKey") is { } invalid
            ? invalid
            : Results.Json(
                new { customerKey, chain = AuditChain.PartitionOf(customerKey), decisions = await OperatorQuery.TakeAsync(request, audit.ReadForCustomerAsync(customerKey, cancellationToken), r => r, cancellationToken) },
                LifeWindowJson.Options);
}
