namespace LifeWindow.Functions.Operations;

/// <summary>
/// Operator API for the lead outbox: GET /api/leads?status=Pending|Parked|Expired|Sent|Cancelled lists deliveries to
/// the CRM; POST /api/leads/{leadId}/redeliver makes a parked or pending one due now (?kind=Withdrawn for a withdrawal).
/// `lifewindow leads` is its command-line client.
/// </summary>
public sealed class LeadOutboxFunctions(ILeadOutbox outbox, LeadDispatcher dispatcher)
{
    [Function("ListLeadDeliveries")]
    public Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "leads")] HttpRequest request,
        CancellationToken cancellationToken) =>
        OperatorQuery.ListAsync<OutboxStatus, OutboxEntry, LeadDeliverySummary>(
            request, "status", status => outbox.ListAsync(status, cancellationToken), LeadDeliverySummary.From, cancellationToken);

    [Function("RedeliverLead")]
    public async Task<IResult> Redeliver(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "leads/{leadId}/redeliver")] HttpRequest request,
        string leadId,
        CancellationToken cancellationToken)
    {
        if (!OperatorQuery.TryEnum<LeadEventKind>(request, "kind", out var kind, out var problem))
        {
            return problem!;
        }

        var (status, entry) = await dispatcher.RedeliverAsync(leadId, kind ?? LeadEventKind.Created, cancellationToken);
        return status switch
        {
            RedeliverStatus.Scheduled => Results.Json(entry is null ? null : LeadDeliverySummary.From(entry), LifeWindowJson.Options, statusCode: StatusCodes.Status202Accepted),
            RedeliverStatus.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such lead delivery.", detail: $"{leadId} ({kind ?? LeadEventKind.Created})"),
            RedeliverStatus.AlreadySent => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The CRM already acknowledged this lead.", detail: leadId),
            _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The lead's window has closed; it is not delivered any more.", detail: $"{leadId}: {entry?.Status}"),
        };
    }
}

/// <summary>A delivery as operators see it.</summary>
public sealed record LeadDeliverySummary(
    string LeadId, string WindowId, LeadEventKind Kind, OutboxStatus Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt, DateTimeOffset ExpiresAt, DateTimeOffset? SentAt, int? LastStatusCode, string? LastError, string? Reason)
{
    public static LeadDeliverySummary From(OutboxEntry e) =>
        new(e.LeadId, e.WindowId, e.Kind, e.Status, e.Attempts, e.CreatedAt, e.NextAttemptAt, e.ExpiresAt, e.SentAt, e.LastStatusCode, e.LastError, e.Reason);
}
