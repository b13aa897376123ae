using static LifeWindow.Orchestrations.Tests.IncomeVerificationTestData;

namespace LifeWindow.Orchestrations.Tests;

/// <summary>The operator endpoints over real HTTP against the running local host (policy from configuration).</summary>
public sealed class IncomeVerificationEndpointTests : IAsyncLifetime
{
    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync(overrides: new Dictionary<string, string?>
    {
        ["Policies:IncomeVerification:Version"] = "http-1",
        ["Policies:IncomeVerification:DocumentsTimeout"] = "00:05:00",
        ["Policies:IncomeVerification:ReviewTimeout"] = "00:05:00",
    });

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<string> StartAsync(string application, string customer, decimal declared)
    {
        var response = await PostAsync(host, "/api/income-verifications", new { applicationId = application, customerKey = customer, declaredMonthlyIncome = declared });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("http-1", body.GetProperty("policyVersion").GetString());
        return body.GetProperty("instanceId").GetString()!;
    }

    [Fact]
    public async Task Endpoints_DocumentsAndReviewOverHttp_ApprovedAndStatusShowsOutput()
    {
        await SaveProfileAsync(host, "k1-ivh-1", Salaried());
        var instanceId = await StartAsync("app-h1", "k1-ivh-1", 30_000m);
        await WaitForStageAsync(host, instanceId, IncomeVerificationStages.AwaitingDocuments);

        var status = await JsonAsync(await host.Http.GetAsync($"/api/workflows/{instanceId}"));
        Assert.Equal("Running", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("AwaitingDocuments", status.GetProperty("customStatus").GetProperty("stage").GetString());
        var round = status.GetProperty("customStatus").GetProperty("roundId").GetString()!;

        var documents = await PostAsync(host, $"/api/workflows/{instanceId}/documents", new { roundId = round, documentIds = new[] { "doc-1", "doc-2" }, submittedBy = "ops-1" });
        Assert.Equal(HttpStatusCode.Accepted, documents.StatusCode);

        // Documents again: the workflow has moved on to the review.
        await WaitForStageAsync(host, instanceId, IncomeVerificationStages.AwaitingReview);
        var again = await PostAsync(host, $"/api/workflows/{instanceId}/documents", new { roundId = round, documentIds = new[] { "doc-3" }, submittedBy = "ops-1" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("AwaitingReview", (await JsonAsync(again)).GetProperty("stage").GetString());

        var reviewRound = (await JsonAsync(await host.Http.GetAsync($"/api/workflows/{instanceId}"))).GetProperty("customStatus").GetProperty("roundId").GetString()!;
        var review = await PostAsync(host, $"/api/workflows/{instanceId}/reviews", new { roundId = reviewRound, decision = "Approved", verifiedMonthlyIncome = 29_000m, reviewerId = "reviewer-1" });
        Assert.Equal(HttpStatusCode.Accepted, review.StatusCode);
        await WaitForResultAsync(host, instanceId);

        var done = await JsonAsync(await host.Http.GetAsync($"/api/workflows/{instanceId}"));
        Assert.Equal("Completed", done.GetProperty("runtimeStatus").GetString());
        Assert.Equal("Completed", done.GetProperty("customStatus").GetProperty("stage").GetString());
        Assert.Equal("Approved", done.GetProperty("output").GetProperty("outcome").GetString());
        Assert.Equal(29_000m, done.GetProperty("output").GetProperty("verifiedMonthlyIncome").GetDecimal());
        Assert.Equal("reviewer-1", done.GetProperty("output").GetProperty("reviewerId").GetString());
        Assert.Equal("http-1", done.GetProperty("output").GetProperty("policyVersion").GetString());

        var late = await PostAsync(host, $"/api/workflows/{instanceId}/reviews", new { roundId = reviewRound, decision = "Rejected", reviewerId = "reviewer-1" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task Endpoints_StaleRound_ConflictNamingTheCurrentRound()
    {
        await SaveProfileAsync(host, "k1-ivh-2", Salaried());
        var instanceId = await StartAsync("app-h2", "k1-ivh-2", 30_000m);
        await WaitForStageAsync(host, instanceId, IncomeVerificationStages.AwaitingDocuments);

        var response = await PostAsync(host, $"/api/workflows/{instanceId}/documents", new { roundId = instanceId + ":documents:0", documentIds = new[] { "doc-1" }, submittedBy = "ops-1" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(instanceId + ":documents:1", (await JsonAsync(response)).GetProperty("roundId").GetString());
    }

    [Fact]
    public async Task Endpoints_StatusOfAFinishedWorkflow_NameOutputAndBadIdRefused()
    {
        await SaveProfileAsync(host, "k1-ivh-4", Salaried());
        var instanceId = await StartAsync("app-h4", "k1-ivh-4", 18_000m);
        await WaitForResultAsync(host, instanceId);

        var status = await JsonAsync(await host.Http.GetAsync($"/api/workflows/{instanceId}"));

        Assert.Equal("IncomeVerificationOrchestrator", status.GetProperty("name").GetString());
        Assert.Equal("Verified", status.GetProperty("output").GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Http.GetAsync("/api/workflows/bad%20id")).StatusCode);
    }

    [Fact]
    public async Task Endpoints_UnknownInstance_NotFound()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/api/workflows/iv-nope")).StatusCode);
        var response = await PostAsync(host, "/api/workflows/iv-nope/reviews", new { roundId = "iv-nope:review:1", decision = "Approved", reviewerId = "r-1" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Endpoints_BadInput_ProblemDetailsNamingEachField()
    {
        var review = await PostAsync(host, "/api/workflows/iv-x/reviews", new { decision = "Maybe", verifiedMonthlyIncome = -1m, reviewerId = "someone-else" }, asOperator: "reviewer-1");
        Assert.Equal(HttpStatusCode.BadRequest, review.StatusCode);
        var errors = (await JsonAsync(review)).GetProperty("errors");
        foreach (var field in new[] { "body.roundId", "body.decision", "body.verifiedMonthlyIncome", "body.reviewerId" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        var documents = await PostAsync(host, "/api/workflows/iv-x/documents", new { roundId = "r", documentIds = Array.Empty<string>(), submittedBy = "" }, asOperator: "ops-1");
        var documentErrors = (await JsonAsync(documents)).GetProperty("errors");
        Assert.True(documentErrors.TryGetProperty("body.documentIds", out _));
        Assert.True(documentErrors.TryGetProperty("body.submittedBy", out _));

        var start = await PostAsync(host, "/api/income-verifications", new { applicationId = "a/b", customerKey = "k", declaredMonthlyIncome = "lots" });
        var startErrors = (await JsonAsync(start)).GetProperty("errors");
        Assert.True(startErrors.TryGetProperty("body.applicationId", out _));
        Assert.True(startErrors.TryGetProperty("body.declaredMonthlyIncome", out _));

        using var notJson = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        var broken = await host.PostAsOperatorAsync("/api/workflows/iv-x/documents", notJson, "ops-1");
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.True((await JsonAsync(broken)).GetProperty("errors").TryGetProperty("body", out _));
    }

    [Fact]
    public async Task Endpoints_ReviewerNotTheSignedInOperator_BadRequest()
    {
        var response = await PostAsync(host, "/api/workflows/iv-x/reviews", new { roundId = "iv-x:review:1", decision = "Approved", reviewerId = "someone-else" }, asOperator: "reviewer-1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await JsonAsync(response)).GetProperty("errors").TryGetProperty("body.reviewerId", out _));
    }

    [Fact]
    public async Task Endpoints_NoOperatorSignedIn_401_AndACallersPrincipalHeaderDoesNotSignIn()
    {
        // No token: the name in the body counts for nothing.
        var anonymous = await PostAsync(host, "/api/workflows/iv-x/reviews", new { roundId = "iv-x:review:1", decision = "Approved", reviewerId = "nobody-with-a-token" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);

        // Easy Auth's header from a caller while Easy Auth is off (Operators:EasyAuth false): ignored.
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/api/workflows/iv-x/documents")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { roundId = "r", documentIds = new[] { "doc-1" } }),
        };
        forged.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", "ops-1");
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.SendAsync(forged)).StatusCode);
    }

    [Fact]
    public async Task Endpoints_StartTwice_SecondIsOkWithTheSameInstance()
    {
        await SaveProfileAsync(host, "k1-ivh-3", Salaried());
        var instanceId = await StartAsync("app-h3", "k1-ivh-3", 18_000m);

        var again = await PostAsync(host, "/api/income-verifications", new { applicationId = "app-h3", customerKey = "k1-ivh-3", declaredMonthlyIncome = 18_000m });

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(instanceId, (await JsonAsync(again)).GetProperty("instanceId").GetString());
    }
}
