using LifeWindow.Domain.Income;
using LifeWindow.Orchestrations.IncomeVerification;

namespace LifeWindow.Functions.Operations;

/// <summary>
/// Operator API of the income-verification workflow: start one per application, submit the applicant's
/// documents and the reviewer's decision. Submissions echo the round id from GET /api/workflows/{instanceId};
/// function-level keys protect the API in Azure. Documents and reviews are submitted in the name of the authenticated
/// operator (<see cref="OperatorIdentity"/>), never of a name in the body: without one they are 401.
/// </summary>
public sealed class IncomeVerificationOperatorFunctions(IOptions<IncomeVerificationPolicy> policy, OperatorIdentity operators, TimeProvider time)
{
    private const int MaxDocuments = 50;

    /// <summary>POST /api/income-verifications {applicationId, customerKey, declaredMonthlyIncome}: 202 with the instance id (200 if it already exists).</summary>
    [Function("StartIncomeVerification")]
    public async Task<IResult> Start(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "income-verifications")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var (submission, refusal) = await OperatorSubmission.ReadAsync(request, instanceId: null, operators: null, cancellationToken);
        if (submission is null || Application(submission) is not { } application)
        {
            return refusal ?? submission!.Invalid();
        }

        var (instanceId, started) = await new IncomeVerificationClient(durable).StartAsync(application.Id, application.CustomerKey, application.Declared, policy.Value, cancellationToken);
        return Results.Json(
            new { instanceId, started, policyVersion = policy.Value.Version, status = $"/api/workflows/{instanceId}" },
            LifeWindowJson.Options,
            statusCode: started ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
    }

    /// <summary>POST /api/workflows/{instanceId}/documents {roundId, documentIds}, as the signed-in operator.</summary>
    [Function("SubmitIncomeDocuments")]
    public Task<IResult> SubmitDocuments(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "workflows/{instanceId}/documents")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string instanceId,
        CancellationToken cancellationToken) =>
        SubmitAsync(request, instanceId, Documents, (answer, ct) => new IncomeVerificationClient(durable).SubmitDocumentsAsync(instanceId, answer, ct), "documents", cancellationToken);

    /// <summary>POST /api/workflows/{instanceId}/reviews {roundId, decision, verifiedMonthlyIncome?, note?}, as the signed-in operator.</summary>
    [Function("SubmitIncomeReview")]
    public Task<IResult> SubmitReview(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "workflows/{instanceId}/reviews")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string instanceId,
        CancellationToken cancellationToken) =>
        SubmitAsync(request, instanceId, Review, (answer, ct) => new IncomeVerificationClient(durable).SubmitReviewAsync(instanceId, answer, ct), "a review", cancellationToken);

    /// <summary>An operator's answer to the workflow's current round: read in the signed-in operator's name, raised, and the outcome answered.</summary>
    private async Task<IResult> SubmitAsync<TAnswer>(
        HttpRequest request, string instanceId, Func<OperatorSubmission, TAnswer?> read, Func<TAnswer, CancellationToken, Task<SubmitResult>> raise, string what, CancellationToken cancellationToken)
        where TAnswer : class, IRoundEvent
    {
        var (answer, refusal) = await OperatorSubmission.ReadAnswerAsync(request, instanceId, operators, read, cancellationToken);
        return answer is null ? refusal! : Respond(instanceId, answer.RoundId, await raise(answer, cancellationToken), what);
    }

    private static (string Id, string CustomerKey, decimal Declared)? Application(OperatorSubmission submission)
    {
        var fields = submission.Fields;
        var applicationId = fields.String("applicationId", 100);
        if (applicationId is not null && !WorkflowRequests.IsInstanceId(applicationId))
        {
            fields.Error("applicationId", WorkflowRequests.InstanceIdRule);
        }

        var customerKey = fields.String("customerKey", 128);
        var declared = fields.Decimal("declaredMonthlyIncome", 0.01m, 100_000_000m, maxScale: 2);
        return submission.Valid && applicationId is not null && customerKey is not null && declared is { } amount ? (applicationId, customerKey, amount) : null;
    }

    private DocumentsSubmitted? Documents(OperatorSubmission submission)
    {
        var roundId = submission.Fields.String("roundId", 200);
        var documentIds = WorkflowRequests.StringArray(submission.Body, "documentIds", MaxDocuments, submission.Errors);
        var submittedBy = submission.Operator("submittedBy");
        return submission.Valid && roundId is not null && documentIds is not null ? new DocumentsSubmitted(roundId, documentIds, submittedBy, time.GetUtcNow()) : null;
    }

    private ReviewCompleted? Review(OperatorSubmission submission)
    {
        var fields = submission.Fields;
        var roundId = fields.String("roundId", 200);
        var decision = fields.Enum<ReviewDecision>("decision");
        decimal? verified = null;
        if (submission.Body.TryGetProperty("verifiedMonthlyIncome", out var figure) && figure.ValueKind != System.Text.Json.JsonValueKind.Null)
        {
            verified = fields.Decimal("verifiedMonthlyIncome", 0.01m, 100_000_000m, maxScale: 2);
            if (verified is not null && decision == ReviewDecision.Rejected)
            {
                fields.Error("verifiedMonthlyIncome", "is only set when the decision is Approved");
            }
        }

        var reviewerId = submission.Operator("reviewerId");
        var note = fields.String("note", 500, required: false);
        return submission.Valid && roundId is not null && decision is { } verdict ? new ReviewCompleted(roundId, verdict, verified, reviewerId, note, time.GetUtcNow()) : null;
    }

    private static IResult Respond(string instanceId, string roundId, SubmitResult result, string what) => result.Outcome switch
    {
        SubmitOutcome.Raised => Results.Json(new { instanceId, roundId, status = "accepted" }, LifeWindowJson.Options, statusCode: StatusCodes.Status202Accepted),
        SubmitOutcome.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such income verification.", detail: instanceId),
        SubmitOutcome.StaleRound => Results.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "That round is over.",
            detail: $"The workflow waits for {what} in round {result.Status?.RoundId}, not {roundId} (a round ends when its time runs out).",
            extensions: new Dictionary<string, object?> { ["stage"] = result.Status?.Stage, ["roundId"] = result.Status?.RoundId }),
        _ => Results.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: $"The workflow is not waiting for {what}.",
            detail: $"Stage: {result.Status?.Stage ?? "none"}.",
            extensions: new Dictionary<string, object?> { ["stage"] = result.Status?.Stage, ["roundId"] = result.Status?.RoundId }),
    };
}
