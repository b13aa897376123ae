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
        ArgumentNullException.ThrowIfNull(durable);
        var (termination, refusal) = await OperatorSubmission.ReadAnswerAsync(request, instanceId, operators, Termination, cancellationToken);
        if (termination is null)
        {
            return refusal!;
        }

        var instance = await durable.GetInstanceAsync(instanceId, cancellationToken);
        return instance?.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended
            ? await TerminateAsync(durable, instanceId, termination, cancellationToken)
            : instance is null
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such workflow.", detail: instanceId)
                : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The workflow is not running.", detail: $"{instanceId} is {instance.RuntimeStatus}.");
    }

    private WorkflowTermination? Termination(OperatorSubmission submission)
    {
        var reason = submission.Fields.String("reason", 500);
        var operatorId = submission.Operator("operatorId");
        return submission.Valid && reason is not null ? new WorkflowTermination(reason, operatorId, time.GetUtcNow()) : null;
    }

    private async Task<IResult> TerminateAsync(DurableTaskClient durable, string instanceId, WorkflowTermination termination, CancellationToken cancellationToken)
    {
        await durable.TerminateInstanceAsync(instanceId, termination, cancellationToken);
        LogTerminated(logger, instanceId, termination.OperatorId, termination.Reason);
        return Results.Json(new { instanceId, status = "terminating", termination.Reason, termination.OperatorId }, LifeWindowJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {InstanceId} terminated by {OperatorId}: {Reason}")]
    private static partial void LogTerminated(ILogger logger, string instanceId, string operatorId, string reason);
}

/// <summary>Why and by whom a workflow was stopped; the instance's output after termination.</summary>
public sealed record WorkflowTermination(string Reason, string OperatorId, DateTimeOffset At);
