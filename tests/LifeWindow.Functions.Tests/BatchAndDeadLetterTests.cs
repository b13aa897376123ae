namespace LifeWindow.Functions.Tests;

/// <summary>Batches of records in one delivery, and the dead letters and operator API for what is refused.</summary>
public sealed class BatchAndDeadLetterTests : IAsyncLifetime
{
    private const string Path = "/api/feeds/provident-fund";
    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync(overrides: new Dictionary<string, string?> { ["Webhooks:MaxBatchRecords"] = "5" });

    public async Task DisposeAsync() => await host.DisposeAsync();

    private Task<HttpResponseMessage> SendAsync(JsonNode data, string id) =>
        SignedRequests.Partner(host, "gjj_shanghai").SendAsync(Path, id, SignedRequests.Envelope(data));

    private async Task<JsonElement[]> DeadLettersAsync(string query = "") =>
        (await host.Http.GetFromJsonAsync<JsonElement[]>(new Uri("/api/dead-letters" + query, UriKind.Relative)))!;

    [Fact]
    public async Task Batch_OneBadRecord_OthersAcceptedAndTheBadOneDeadLettered()
    {
        var bad = SignedRequests.Contribution("GJJ-B-2");
        bad["contributionBase"] = -1;
        var batch = new JsonArray(SignedRequests.Contribution("GJJ-B-1"), bad, SignedRequests.Contribution("GJJ-B-3"));

        using var response = await SendAsync(batch, "batch_1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, body.GetProperty("rejected").GetInt32());
        var records = body.GetProperty("records").EnumerateArray().ToArray();
        Assert.Equal(["accepted", "rejected", "accepted"], records.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal("data[1]", records[1].GetProperty("path").GetString());
        Assert.True(records[1].GetProperty("errors").TryGetProperty("data[1].contributionBase", out _));

        var letter = Assert.Single(await DeadLettersAsync("?feed=provident-fund&status=Open"));
        Assert.Equal(records[1].GetProperty("deadLetterId").GetString(), letter.GetProperty("id").GetString());
        Assert.Equal("batch_1", letter.GetProperty("deliveryId").GetString());
        Assert.Equal("data[1]", letter.GetProperty("path").GetString());
        Assert.False(letter.TryGetProperty("protectedPayload", out _));

        await host.Get<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(10));
        using var resubmit = await host.Http.PostAsync(new Uri($"/api/dead-letters/{letter.GetProperty("id").GetString()}/resubmit", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, resubmit.StatusCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public async Task Batch_EmptyOrOverTheLimit_Is400AndKept(int count)
    {
        var batch = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode)SignedRequests.Contribution($"GJJ-L-{i}")).ToArray());
        using var response = await SendAsync(batch, $"batch_limit_{count}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("$.data", out _));
        Assert.StartsWith("dl-", problem.GetProperty("deadLetterId").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, host.Get<InMemoryFeedStream>().Pending);
    }

    [Fact]
    public async Task MalformedBody_IsKeptAsADeadLetterOfTheWholeDelivery()
    {
        using var response = await SignedRequests.Partner(host, "gjj_shanghai").SendAsync(Path, "broken_1", "{\"type\": \"provident-fund.contribution\", \"data\": [");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        var letter = Assert.Single(await DeadLettersAsync(), l => l.GetProperty("deliveryId").GetString() == "broken_1");
        Assert.Equal("$", letter.GetProperty("path").GetString());
        using var resubmit = await host.Http.PostAsync(new Uri($"/api/dead-letters/{letter.GetProperty("id").GetString()}/resubmit", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, resubmit.StatusCode);
    }

    [Fact]
    public async Task DeadLetters_BadStatusFilter_Is400()
    {
        using var response = await host.Http.GetAsync(new Uri("/api/dead-letters?status=Lost", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
