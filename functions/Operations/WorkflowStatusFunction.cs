namespace LifeWindow.Functions.Operations;

/// <summary>
/// GET /api/workflows/{instanceId}: any workflow's runtime status, custom status (its stage, and while it
/// waits the round id a submission must echo) and output. Function-level keys protect it in Azure.
/// </summary>
public sealed class WorkflowStatusFunction
{
    [Function("GetWorkflowStatus")]
    public static async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "workflows/{instanceId}")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string instanceId,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        if (WorkflowRequests.InvalidInstanceId(instanceId) is { } invalid)
        {
            return invalid;
        }

        var instance = await durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such workflow.", detail: instanceId);
        }

        return Results.Json(WorkflowStatus.From(instance), LifeWindowJson.Options);
    }

    internal static JsonElement? Parse(string? json)
    {
        if (json is not { Length: > 0 })
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(json);
        }
    }
}

public sealed record WorkflowStatus(
    string InstanceId,
    string Name,
    string RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    JsonElement? CustomStatus,
    JsonElement? Output,
    string? Failure)
{
    public static WorkflowStatus From(OrchestrationMetadata instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new(
            instance.InstanceId,
            instance.Name,
            instance.RuntimeStatus.ToString(),
            instance.CreatedAt,
            instance.LastUpdatedAt,
            WorkflowStatusFunction.Parse(instance.SerializedCustomStatus),
            WorkflowStatusFunction.Parse(instance.SerializedOutput),
            instance.FailureDetails?.ErrorMessage);
    }
}
