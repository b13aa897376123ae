using LifeWindow.Orchestrations.CreditDecision;

namespace LifeWindow.Functions.Operations;

/// <summary>
/// Operator API for four-eyes approval: POST /api/workflows/{instanceId}/approvals {"decision": "approve"|"reject",
/// "comment"?} raises the verdict of the authenticated operator (<see cref="OperatorIdentity"/>: Easy Auth's principal,
/// or an operator token) on a credit decision waiting for approvers; a request without one is 401, a body naming
/// another approver is 400. Function-level keys protect it in Azure as well.
/// </summary>
public sealed class CreditApprovalFunctions(OperatorIdentity operators)
{
    public const int MaxCommentLength = 500;

    [Function("SubmitCreditApproval")]
    public async Task<IResult> Submit(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "workflows/{instanceId}/approvals")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var (submission, refusal) = await OperatorSubmission.ReadAsync(request, instanceId, operators, cancellationToken);
        if (submission is null)
        {
            return refusal!;
        }

        return Approval(submission) is { } approval
            ? Respond(instanceId, approval, await new CreditDecisionClient(durable).SubmitApprovalAsync(instanceId, approval, cancellationToken))
            : submission.Invalid();
    }

    /// <summary>The verdict in the body, in the signed-in operator's name; null when a field is refused.</summary>
    private static ApprovalSubmitted? Approval(OperatorSubmission submission)
    {
        var approverId = submission.Operator("approverId");
        ApprovalDecision? decision = submission.Fields.String("decision", 16)?.ToUpperInvariant() switch
        {
            "APPROVE" => ApprovalDecision.Approve,
            "REJECT" => ApprovalDecision.Reject,
            null => null,
            _ => Refuse(submission, "decision", "must be approve or reject"),
        };
        var comment = submission.Fields.String("comment", MaxCommentLength, required: false);
        return submission.Valid && decision is { } verdict ? new ApprovalSubmitted(approverId, verdict, comment) : null;
    }

    private static ApprovalDecision? Refuse(OperatorSubmission submission, string field, string message)
    {
        submission.Fields.Error(field, message);
        return null;
    }

    private static IResult Respond(string instanceId, ApprovalSubmitted approval, ApprovalRaise raised) => raised switch
    {
        ApprovalRaise.Raised => Results.Accepted(value: new { instanceId, approval.ApproverId, approval.Decision }),
        ApprovalRaise.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such credit decision.", detail: instanceId),
        _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "This credit decision is not awaiting approval.", detail: instanceId),
    };
}
