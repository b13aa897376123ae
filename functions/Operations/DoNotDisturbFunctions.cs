using LifeWindow.Integration.Contact;

namespace LifeWindow.Functions.Operations;

/// <summary>
/// Operator API for the do-not-disturb list the offer workflow honours when it plans a contact:
/// GET /api/do-not-disturb lists it; GET, PUT {reason} and DELETE /api/customers/{customerKey}/do-not-disturb read,
/// put and take off one customer. Changes are in the name of the authenticated operator (401 without one).
/// Function-level keys protect it in Azure as well.
/// </summary>
public sealed class DoNotDisturbFunctions(IDoNotDisturbList list, OperatorIdentity operators, TimeProvider time)
{
    private const string Route = "customers/{customerKey}/do-not-disturb";

    [Function("ListDoNotDisturb")]
    public async Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "do-not-disturb")] HttpRequest request,
        CancellationToken cancellationToken) =>
        Results.Json(await OperatorQuery.TakeAsync(request, list.ListAsync(cancellationToken), e => e, cancellationToken), LifeWindowJson.Options);

    [Function("GetDoNotDisturb")]
    public async Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Route)] HttpRequest request,
        string customerKey,
        CancellationToken cancellationToken) =>
        WorkflowRequests.InvalidInstanceId(customerKey, "customerKey") is { } invalid ? invalid
        : await list.GetAsync(customerKey, cancellationToken) is { } entry ? Results.Json(entry, LifeWindowJson.Options)
        : NotListed(customerKey);

    [Function("PutDoNotDisturb")]
    public async Task<IResult> Put(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = Route)] HttpRequest request,
        string customerKey,
        CancellationToken cancellationToken)
    {
        var (entry, refusal) = await OperatorSubmission.ReadAnswerAsync(request, customerKey, operators, s => Entry(s, customerKey), cancellationToken, routeName: "customerKey");
        if (entry is null)
        {
            return refusal!;
        }

        await list.PutAsync(entry, cancellationToken);
        return Results.Json(entry, LifeWindowJson.Options);
    }

    [Function("DeleteDoNotDisturb")]
    public async Task<IResult> Delete(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = Route)] HttpRequest request,
        string customerKey,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (operators.Of(request) is null)
        {
            return OperatorIdentity.Unauthorized();
        }

        return WorkflowRequests.InvalidInstanceId(customerKey, "customerKey") is { } invalid ? invalid
            : await list.RemoveAsync(customerKey, cancellationToken) ? Results.NoContent()
            : NotListed(customerKey);
    }

    private DoNotDisturbEntry? Entry(OperatorSubmission submission, string customerKey)
    {
        var reason = submission.Fields.String("reason", 500);
        var addedBy = submission.Operator("addedBy");
        return submission.Valid && reason is not null ? new DoNotDisturbEntry(customerKey, reason, addedBy, time.GetUtcNow()) : null;
    }

    private static IResult NotListed(string customerKey) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "The customer is not on the do-not-disturb list.", detail: customerKey);
}
