namespace LifeWindow.Functions.Operations;

/// <summary>
/// Operator API for rejected records: GET /api/dead-letters and POST /api/dead-letters/{id}/resubmit.
/// Function-level keys protect it in Azure; `lifewindow dead-letters` is its command-line client.
/// </summary>
public sealed class DeadLetterFunctions(DeadLetterService deadLetters)
{
    [Function("ListDeadLetters")]
    public Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "dead-letters")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var feed = request.Query["feed"].ToString() is { Length: > 0 } f ? f : null;
        return OperatorQuery.ListAsync<DeadLetterStatus, DeadLetter, DeadLetterSummary>(
            request, "status", status => deadLetters.ListAsync(feed, status, cancellationToken), DeadLetterSummary.From, cancellationToken);
    }

    [Function("ResubmitDeadLetter")]
    public async Task<IResult> Resubmit(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "dead-letters/{id}/resubmit")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var outcome = await deadLetters.ResubmitAsync(id, cancellationToken);
        return outcome.Status switch
        {
            ResubmitStatus.Accepted => Results.Json(outcome, LifeWindowJson.Options),
            ResubmitStatus.StillRejected => Results.Json(outcome, LifeWindowJson.Options, statusCode: StatusCodes.Status422UnprocessableEntity),
            ResubmitStatus.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such dead letter.", detail: id),
            _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "This dead letter cannot be resubmitted.", detail: outcome.Status.ToString()),
        };
    }
}

/// <summary>A dead letter as operators see it: everything but the quarantined payload.</summary>
public sealed record DeadLetterSummary(
    string Id, string Feed, string? EventType, string Partner, IngressMode Mode, string DeliveryId, string Path,
    string Reason, IDictionary<string, string[]> Errors, string EvidenceHash, DateTimeOffset ReceivedAt, DeadLetterStatus Status, DateTimeOffset? ResubmittedAt)
{
    public static DeadLetterSummary From(DeadLetter l) =>
        new(l.Id, l.Feed, l.EventType, l.Partner, l.Mode, l.DeliveryId, l.Path, l.Reason, l.Errors, l.EvidenceHash, l.ReceivedAt, l.Status, l.ResubmittedAt);
}
