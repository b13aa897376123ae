using LifeWindow.Integration.Feeds;
using LifeWindow.Integration.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace LifeWindow.Functions.Operations;

/// <summary>
/// POST /api/workflows/{instanceId}/terminate {"reason"}: the authenticated operator (<see cref="OperatorIdentity"/>;
/// 401 without one) stops a running workflow, naming why. The reason and operator are the termination output (kept in
/// the instance's history and shown by GET /api/workflows/{instanceId}). Function-level keys protect it in Azure.
/// </summary>
public sealed partial class TerminateWorkflowFunction(OperatorIdentity operators, ILogger<TerminateWorkflowFunction> logger, TimeProvider time)
{
    [Function("TerminateWorkflow")]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "workflows/{instanceId}/terminate")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string instanceId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(durable);
        if (operators.Of(request) is not { } signedIn)
        {
            return OperatorIdentity.Unauthorized();
        }

        var errors = new ValidationErrors();
        if (await WorkflowRequests.ReadSubmissionAsync(request, instanceId, errors, cancellationToken) is not { } submission)
        {
            return Results.ValidationProblem(errors.ToDictionary());
        }

        var (body, fields) = submission;

        var reason = fields.String("reason", 500);
        var operatorId = WorkflowRequests.Operator(signedIn, body, fields, "operatorId");
        if (errors.Any || reason is null)
        {
            return Results.ValidationProblem(errors.ToDictionary());
        }

        var instance = await durable.GetInstanceAsync(instanceId, cancellationToken);
        if (instance is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such workflow.", detail: instanceId);
        }

        if (instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended))
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The workflow is not running.", detail: $"{instanceId} is {instance.RuntimeStatus}.");
        }

        var termination = new WorkflowTermination(reason, operatorId, time.GetUtcNow());
        await durable.TerminateInstanceAsync(instanceId, termination, cancellationToken);
        LogTerminated(logger, instanceId, operatorId, reason);
        return Results.Json(new { instanceId, status = "terminating", termination.Reason, termination.OperatorId }, LifeWindowJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {InstanceId} terminated by {OperatorId}: {Reason}")]
    private static partial void LogTerminated(ILogger logger, string instanceId, string operatorId, string reason);
}

/// <summary>Why and by whom a workflow was stopped; the instance's output after termination.</summary>
public sealed record WorkflowTermination(string Reason, string OperatorId, DateTimeOffset At);
