namespace LifeWindow.Functions.Tests;

/// <summary>POST /api/feeds/provident-fund over real HTTP, served by the Functions app's class in the local host.</summary>
public sealed class FeedWebhookTests : IAsyncLifetime
{
    private const string Path = "/api/feeds/provident-fund";
    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync(overrides: new Dictionary<string, string?>
    {
        ["Webhooks:MaxBodyBytes"] = "4096",
        // A second provident-fund centre on the same endpoint, with its own secret.
        ["Webhooks:Partners:gjj_beijing:Scopes:0"] = "provident-fund",
        ["Webhooks:Partners:gjj_beijing:Secrets:0"] = "whsec_" + Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()),
    });

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private async Task<HttpResponseMessage> SendAsync(string body, string id = "msg_1", DateTimeOffset? at = null) =>
        await SignedRequests.Partner(host, "gjj_shanghai").SendAsync(Path, id, body, at);

    [Fact]
    public async Task Post_SignedValidRecord_Is202AndReachesTheStream()
    {
        using var response = await SendAsync(SignedRequests.Envelope(SignedRequests.Contribution()));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("accepted", body.GetProperty("records")[0].GetProperty("status").GetString());
        await host.Get<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Post_Unsigned_Is401()
    {
        using var response = await host.Http.PostAsync(Path, SignedRequests.Json(SignedRequests.Envelope(SignedRequests.Contribution())));
        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("missing", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ForgedSignature_Is401()
    {
        var forger = new LifeWindow.Sandbox.Partners.WebhookSender(host.Http, "whsec_" + Convert.ToBase64String(new byte[32]), TimeProvider.System);
        using var response = await forger.SendAsync(Path, "msg_forged", SignedRequests.Envelope(SignedRequests.Contribution()));
        await ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Post_BodyChangedAfterSigning_Is401()
    {
        var body = SignedRequests.Envelope(SignedRequests.Contribution());
        using var request = SignedRequests.Partner(host, "gjj_shanghai").Sign(Path, "msg_tampered", body, DateTimeOffset.UtcNow);
        request.Content = SignedRequests.Json(body.Replace("18600", "98600", StringComparison.Ordinal));
        using var response = await host.Http.SendAsync(request);
        await ProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Post_SignedSixMinutesAgo_Is401Stale()
    {
        using var response = await SendAsync(SignedRequests.Envelope(SignedRequests.Contribution()), "msg_stale", DateTimeOffset.UtcNow.AddMinutes(-6));
        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("tolerance", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_MalformedJson_Is400NamingTheBody()
    {
        using var response = await SendAsync("{\"type\": \"provident-fund.contribution\", \"data\": {");
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("$", out _));
    }

    [Fact]
    public async Task Post_InvalidRecord_Is400NamingEachField()
    {
        var data = SignedRequests.Contribution();
        var id = data["idNumber"]!.GetValue<string>();
        data["idNumber"] = id[..17] + (id[17] == '0' ? '1' : '0');
        data["contributionBase"] = -100;
        data["status"] = "Unknown";

        using var response = await SendAsync(SignedRequests.Envelope(data), "msg_invalid");
        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");

        Assert.Contains("check character", errors.GetProperty("data.idNumber")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("negative", errors.GetProperty("data.contributionBase")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("Unknown", errors.GetProperty("data.status")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(id[..17], errors.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, host.Get<InMemoryFeedStream>().Pending);
    }

    [Fact]
    public async Task Post_WrongEventType_Is400()
    {
        using var response = await SendAsync(SignedRequests.Envelope(SignedRequests.Contribution(), "tax.invoice"));
        var errors = (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("$.type", out _));
    }

    [Fact]
    public async Task Post_BodyOverTheLimit_Is413()
    {
        var data = SignedRequests.Contribution();
        data["padding"] = new string('x', 5000);
        using var response = await SendAsync(SignedRequests.Envelope(data), "msg_big");
        await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Post_UnknownFeed_Is404()
    {
        using var response = await SignedRequests.Partner(host, "gjj_shanghai").SendAsync("/api/feeds/lottery", "msg_x", SignedRequests.Envelope(SignedRequests.Contribution()));
        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Post_SameWebhookIdAgain_ReplaysTheFirstResponseWithoutASecondRecord()
    {
        var stream = host.Get<InMemoryFeedStream>();
        var body = SignedRequests.Envelope(SignedRequests.Contribution("GJJ-DUP-1"));

        using var first = await SendAsync(body, "msg_dup");
        await stream.WaitForIdleAsync(TimeSpan.FromSeconds(10));
        using var second = await SendAsync(body, "msg_dup");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.True(second.Headers.Contains("webhook-replayed"));
        Assert.False(first.Headers.Contains("webhook-replayed"));
        Assert.Equal(0, stream.Pending);
    }

    [Fact]
    public async Task Post_TwoPartnersReuseOneWebhookId_EachDeliveryIsProcessedForItsOwnPartner()
    {
        var stream = host.Get<InMemoryFeedStream>();
        using var shanghai = await SignedRequests.Partner(host, "gjj_shanghai").SendAsync(Path, "msg_shared", SignedRequests.Envelope(SignedRequests.Contribution("GJJ-SH-1")));
        using var beijing = await SignedRequests.Partner(host, "gjj_beijing").SendAsync(Path, "msg_shared", SignedRequests.Envelope(SignedRequests.Contribution("GJJ-BJ-1")));
        using var beijingAgain = await SignedRequests.Partner(host, "gjj_beijing").SendAsync(Path, "msg_shared", SignedRequests.Envelope(SignedRequests.Contribution("GJJ-BJ-1")));
        await stream.WaitForIdleAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.Accepted, beijing.StatusCode);
        Assert.False(beijing.Headers.Contains("webhook-replayed")); // not Shanghai's stored answer
        Assert.Contains("GJJ-SH-1", await shanghai.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("GJJ-BJ-1", await beijing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(beijingAgain.Headers.Contains("webhook-replayed")); // its own redelivery is still a replay
        Assert.Equal(await beijing.Content.ReadAsStringAsync(), await beijingAgain.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_SameWebhookIdAfterA400_GetsThe400Again()
    {
        var data = SignedRequests.Contribution();
        data["status"] = "Unknown";
        using var first = await SendAsync(SignedRequests.Envelope(data), "msg_bad_twice");
        using var second = await SendAsync(SignedRequests.Envelope(data), "msg_bad_twice");
        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }
}
