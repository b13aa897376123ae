using LifeWindow.Orchestrations.CreditDecision;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LifeWindow.Functions.Operations;

/// <summary>
/// Operator API for four-eyes approval: POST /api/workflows/{instanceId}/approvals raises the verdict of the
/// authenticated operator (<see cref="OperatorIdentity"/>: Easy Auth's principal, or an operator token) on a credit
/// decision waiting for approvers; a request without one is 401. Function-level keys protect it in Azure as well.
/// </summary>
public sealed class CreditApprovalFunctions(OperatorIdentity operators)
{
    [Function("SubmitCreditApproval")]
    public async Task<IResult> Submit(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "workflows/{instanceId}/approvals")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (operators.Of(request) is not { } approver)
        {
            return OperatorIdentity.Unauthorized();
        }

        var (approval, errors) = await ApprovalSubmissionParser.ParseAsync(request.Body, approver, cancellationToken);
        if (approval is null)
        {
            return Results.ValidationProblem(errors);
        }

        return await new CreditDecisionGateway(durable).SubmitApprovalAsync(instanceId, approval, cancellationToken) switch
        {
            ApprovalRaise.Raised => Results.Accepted(value: new { instanceId, approval.ApproverId, approval.Decision }),
            ApprovalRaise.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such credit decision.", detail: instanceId),
            _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "This credit decision is not awaiting approval.", detail: instanceId),
        };
    }
}
