namespace LifeWindow.Functions.Operations;

/// <summary>
/// The one way operator endpoints read a JSON body: who sends it (the signed-in operator, 401 without one when the
/// endpoint acts in an operator's name), the route's instance id and the body checked, then fields read one by one
/// with every bad field recorded by name (<see cref="JsonFields"/>) and answered together as one 400 problem.
/// </summary>
internal sealed class OperatorSubmission
{
    private OperatorSubmission(string? signedIn, JsonElement body, JsonFields fields, ValidationErrors errors) =>
        (SignedIn, Body, Fields, Errors) = (signedIn, body, fields, errors);

    /// <summary>The authenticated operator the submission is in the name of (null for endpoints that act in no one's name).</summary>
    public string? SignedIn { get; }

    public JsonElement Body { get; }

    public JsonFields Fields { get; }

    public ValidationErrors Errors { get; }

    /// <summary>True when no field was refused.</summary>
    public bool Valid => !Errors.Any;

    /// <summary>
    /// Reads the submission (see <see cref="ReadAsync"/>) and what <paramref name="read"/> makes of its fields: the answer,
    /// or the response to send instead (401, or one 400 naming every refused field).
    /// </summary>
    public static async Task<(T? Answer, IResult? Refusal)> ReadAnswerAsync<T>(
        HttpRequest request, string? instanceId, OperatorIdentity? operators, Func<OperatorSubmission, T?> read, CancellationToken cancellationToken, string routeName = "instanceId")
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        var (submission, refusal) = await ReadAsync(request, instanceId, operators, cancellationToken, routeName).ConfigureAwait(false);
        if (submission is null)
        {
            return (null, refusal);
        }

        return read(submission) is { } answer && submission.Valid ? (answer, null) : (null, submission.Invalid());
    }

    /// <summary>
    /// Reads the submission: 401 when <paramref name="operators"/> is given and no operator is signed in; 400 when the
    /// route's <paramref name="instanceId"/> (if any) is not one or the body is not a JSON object.
    /// </summary>
    public static async Task<(OperatorSubmission? Submission, IResult? Refusal)> ReadAsync(
        HttpRequest request, string? instanceId, OperatorIdentity? operators, CancellationToken cancellationToken, string routeName = "instanceId")
    {
        ArgumentNullException.ThrowIfNull(request);
        string? signedIn = null;
        if (operators is not null && (signedIn = operators.Of(request)) is null)
        {
            return (null, OperatorIdentity.Unauthorized());
        }

        var errors = new ValidationErrors();
        if (instanceId is not null && !WorkflowRequests.IsInstanceId(instanceId))
        {
            errors.Add(routeName, WorkflowRequests.InstanceIdRule);
        }

        // A bad instance id is reported with the body's fields, together; only an unreadable body stops here.
        return await WorkflowRequests.ReadObjectAsync(request, errors, cancellationToken) is { } body && JsonFields.Object(body, "body", errors) is { } fields
            ? (new OperatorSubmission(signedIn, body, fields, errors), null)
            : (null, Results.ValidationProblem(errors.ToDictionary()));
    }

    /// <summary>
    /// The operator the submission is in the name of: the signed-in one. The body may still name them (older clients send
    /// "submittedBy", "reviewerId", "approverId"); a body naming anyone else is an error on that field.
    /// </summary>
    public string Operator(string field)
    {
        var signedIn = SignedIn ?? throw new InvalidOperationException("This endpoint acts in no operator's name.");
        if (Body.TryGetProperty(field, out var named)
            && !string.Equals(named.ValueKind == JsonValueKind.String ? named.GetString() : null, signedIn, StringComparison.OrdinalIgnoreCase))
        {
            Fields.Error(field, "is the signed-in operator's; leave it out (a submission is in the name of who sends it)");
        }

        return signedIn;
    }

    /// <summary>The 400 problem listing every refused field.</summary>
    public IResult Invalid() => Results.ValidationProblem(Errors.ToDictionary());
}
