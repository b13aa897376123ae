namespace LifeWindow.Functions.Tests;

/// <summary>POST /api/crm/outcomes over real HTTP: the CRM's signed outcome callback.</summary>
public sealed class CrmOutcomeWebhookTests : IAsyncLifetime
{
    private const string Path = "/api/crm/outcomes";
    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static JsonObject Outcome(string leadId = "lead-w-00000000000000000000000000000000", string outcome = "Accepted") => new()
    {
        ["leadId"] = leadId,
        ["outcome"] = outcome,
        ["rmId"] = "RM-0042",
        ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O"),
    };

    private Task<HttpResponseMessage> SendAsync(JsonObject data, string id, string partner = "crm") =>
        SignedRequests.Partner(host, partner).SendAsync(Path, id, SignedRequests.Envelope(data, "crm.lead-outcome"));

    [Fact]
    public async Task Post_OutcomeForUnknownLead_Is404()
    {
        using var response = await SendAsync(Outcome(), "crm_1");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("lead-123", "Accepted", "data.leadId")]
    [InlineData("lead-w-00000000000000000000000000000000", "Maybe", "data.outcome")]
    [InlineData("lead-w-00000000000000000000000000000000", "Expired", "data.outcome")]
    public async Task Post_InvalidOutcome_Is400NamingTheField(string leadId, string outcome, string field)
    {
        using var response = await SendAsync(Outcome(leadId, outcome), "crm_" + Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.GetRawText());
    }

    [Theory]
    [InlineData("9999-01-01T00:00:00+08:00")]
    [InlineData("1999-12-31T00:00:00+08:00")]
    [InlineData("2026-12-01T10:00:00")]
    public async Task Post_OccurredAtWithoutOffsetOrImplausible_Is400NamingTheField(string occurredAt)
    {
        var outcome = Outcome();
        outcome["occurredAt"] = occurredAt;
        using var response = await SendAsync(outcome, "crm_" + Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("data.occurredAt", out _), errors.GetRawText());
    }

    [Fact]
    public async Task Post_SignedByAFeedPartner_Is401()
    {
        using var response = await SendAsync(Outcome(), "crm_2", partner: "gjj_shanghai");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
