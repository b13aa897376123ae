namespace LifeWindow.Functions.Tests;

/// <summary>
/// Signed deliveries that are hostile or broken in ways JSON parsers let through: lone surrogates, bytes that
/// are not UTF-8, duplicate names, implausible timestamps. Each is a 400 naming the path (or a rejected
/// record in a batch's 200), kept as a dead letter; never a 5xx, never a half-published batch.
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private const string Path = "/api/feeds/provident-fund";
    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static string Id() => "msg_" + Guid.NewGuid().ToString("N");

    private Task<HttpResponseMessage> SendAsync(string body, string? id = null) =>
        RawSigner.Partner(host, "gjj_shanghai").SendAsync(Path, id ?? Id(), body);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private async Task<DeadLetter> LetterAsync(JsonElement hasDeadLetterId)
    {
        var letter = await host.Get<IDeadLetterStore>().GetAsync(hasDeadLetterId.GetProperty("deadLetterId").GetString()!, CancellationToken.None);
        Assert.NotNull(letter);
        return letter;
    }

    /// <summary>An envelope around JSON text that a JSON DOM would refuse to hold.</summary>
    private static string EnvelopeOf(string data) =>
        SignedRequests.Envelope(JsonValue.Create(0)).Replace("\"data\":0", "\"data\":" + data, StringComparison.Ordinal);

    /// <summary>A contribution's JSON text with the value of <paramref name="field"/> replaced by raw JSON text.</summary>
    private static string WithRaw(JsonObject data, string field, string rawValue)
    {
        var marker = "@@" + field + "@@";
        data[field] = marker;
        return data.ToJsonString().Replace($"\"{marker}\"", rawValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_LoneSurrogateInARecord_Is400NamingThePathAndKept()
    {
        var body = EnvelopeOf(WithRaw(SignedRequests.Contribution(), "recordId", "\"A\\ud800B\""));

        using var response = await SendAsync(body);

        var problem = await ProblemAsync(response);
        Assert.Contains("surrogate", problem.GetProperty("errors").GetProperty("data.recordId")[0].GetString(), StringComparison.Ordinal);
        var letter = await LetterAsync(problem);
        Assert.Equal("data", letter.Path);
        Assert.Equal(0, host.Get<InMemoryFeedStream>().Pending);
    }

    [Fact]
    public async Task Post_LoneSurrogateInAPropertyName_Is400AndKept()
    {
        var data = SignedRequests.Contribution().ToJsonString().Replace("\"balance\"", "\"\\udc00\"", StringComparison.Ordinal);
        using var response = await SendAsync(EnvelopeOf(data));

        var problem = await ProblemAsync(response);
        Assert.Contains("surrogate", problem.GetProperty("errors").GetProperty("data")[0].GetString(), StringComparison.Ordinal);
        await LetterAsync(problem);
    }

    [Fact]
    public async Task Post_LoneSurrogateInTheEnvelopeType_Is400AndTheDeliveryKept()
    {
        var body = SignedRequests.Envelope(SignedRequests.Contribution()).Replace("\"provident-fund.contribution\"", "\"provident-fund.\\ud800\"", StringComparison.Ordinal);

        using var response = await SendAsync(body);

        var problem = await ProblemAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty("$.type", out _), problem.GetRawText());
        Assert.Equal("$", (await LetterAsync(problem)).Path);
    }

    [Fact]
    public async Task Batch_LoneSurrogateInOneRecord_OthersAcceptedAndThatOneKept()
    {
        var bad = WithRaw(SignedRequests.Contribution("GJJ-S-2"), "period", "\"2026-\\udfff\"");
        var body = EnvelopeOf($"[{SignedRequests.Contribution("GJJ-S-1").ToJsonString()},{bad},{SignedRequests.Contribution("GJJ-S-3").ToJsonString()}]");

        using var response = await SendAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var records = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("records");
        Assert.Equal(["accepted", "rejected", "accepted"], records.EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        Assert.True(records[1].GetProperty("errors").TryGetProperty("data[1].period", out _));
        Assert.Equal("data[1]", (await LetterAsync(records[1])).Path);
        await host.Get<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Post_BodyNotUtf8SignedOverItsBytes_Is400NamingTheOffsetAndKept()
    {
        var text = SignedRequests.Envelope(SignedRequests.Contribution());
        var at = text.IndexOf("GJJ-", StringComparison.Ordinal);
        byte[] body = [.. Encoding.UTF8.GetBytes(text[..at]), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(text[at..])];

        using var response = await RawSigner.Partner(host, "gjj_shanghai").SendAsync(Path, "msg_not_utf8", body);

        var problem = await ProblemAsync(response);
        Assert.Contains($"offset {at}", problem.GetProperty("errors").GetProperty("$")[0].GetString(), StringComparison.Ordinal);
        var letter = await LetterAsync(problem);
        Assert.Equal("msg_not_utf8", letter.DeliveryId);
        Assert.Contains('\uFFFD', host.Get<PayloadProtector>().Unprotect(letter.ProtectedPayload));
    }

    [Fact]
    public async Task Post_BodyNotUtf8WithASignatureOverOtherBytes_Is401AndNotKept()
    {
        byte[] body = [.. "{\"type\": \"provident-fund.contribution\", \"data\": \""u8, 0xC3, 0x28, .. "\"}"u8];
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new ByteArrayContent(body) };
        request.Headers.Add("webhook-id", "msg_forged_bytes");
        request.Headers.Add("webhook-timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", "v1," + Convert.ToBase64String(new byte[32]));

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await host.Get<IDeadLetterStore>().ListAsync(null, null, CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task CrmOutcome_BodyNotUtf8OrLoneSurrogate_Is400Not503()
    {
        var outcome = new JsonObject { ["leadId"] = "lead-w-00000000000000000000000000000000", ["outcome"] = "Accepted", ["rmId"] = "RM-1", ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O") };
        var text = SignedRequests.Envelope(outcome, "crm.lead-outcome");
        var crm = RawSigner.Partner(host, "crm");

        using var notUtf8 = await crm.SendAsync("/api/crm/outcomes", "crm_bytes", [.. Encoding.UTF8.GetBytes(text), 0x80]);
        using var surrogate = await crm.SendAsync("/api/crm/outcomes", "crm_surrogate", text.Replace("RM-1", "RM-\\ud800", StringComparison.Ordinal));
        using var duplicate = await crm.SendAsync("/api/crm/outcomes", "crm_duplicate", text.Replace("\"rmId\"", "\"rmId\":\"RM-2\",\"rmId\"", StringComparison.Ordinal));

        Assert.True((await ProblemAsync(notUtf8)).GetProperty("errors").TryGetProperty("$", out _));
        Assert.True((await ProblemAsync(surrogate)).GetProperty("errors").TryGetProperty("$.data.rmId", out _));
        Assert.True((await ProblemAsync(duplicate)).GetProperty("errors").TryGetProperty("$.data.rmId", out _));
    }

    [Fact]
    public async Task Post_DuplicateIdNumber_Is400NamingItAndKept()
    {
        var data = SignedRequests.Contribution().ToJsonString();
        const string second = "\"idNumber\":\"11010519900307002X\",";
        var body = EnvelopeOf(data.Replace("\"period\"", second + "\"period\"", StringComparison.Ordinal));

        using var response = await SendAsync(body);

        var problem = await ProblemAsync(response);
        Assert.Contains("more than once", problem.GetProperty("errors").GetProperty("data.idNumber")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("data", (await LetterAsync(problem)).Path);
        Assert.Equal(0, host.Get<InMemoryFeedStream>().Pending);
    }

    [Fact]
    public async Task Batch_DuplicateNameInOneRecord_OnlyThatRecordIsRejected()
    {
        var twice = SignedRequests.Contribution("GJJ-D-2").ToJsonString().Replace("\"balance\"", "\"status\":\"Closed\",\"balance\"", StringComparison.Ordinal);
        var body = EnvelopeOf($"[{SignedRequests.Contribution("GJJ-D-1").ToJsonString()},{twice}]");

        using var response = await SendAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var records = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("records");
        Assert.Equal(["accepted", "rejected"], records.EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        Assert.True(records[1].GetProperty("errors").TryGetProperty("data[1].status", out _), records[1].GetRawText());
        await LetterAsync(records[1]);
        await host.Get<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Post_EnvelopeWithDataTwice_Is400AndTheDeliveryKept()
    {
        var body = SignedRequests.Envelope(SignedRequests.Contribution("GJJ-E-1"));
        body = body[..^1] + ",\"data\":" + SignedRequests.Contribution("GJJ-E-2").ToJsonString() + "}";

        using var response = await SendAsync(body);

        var problem = await ProblemAsync(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty("$.data", out _), problem.GetRawText());
        Assert.Equal("$", (await LetterAsync(problem)).Path);
        Assert.Equal(0, host.Get<InMemoryFeedStream>().Pending);
    }

    [Theory]
    [InlineData("2026-11-05T10:00:00", "with offset")]
    [InlineData("9999-01-01T00:00:00+08:00", "must not be after")]
    [InlineData("1999-12-31T10:00:00+08:00", "must not be before 2000-01-01")]
    public async Task Post_ReportedAtWithoutOffsetOrImplausible_Is400NamingIt(string reportedAt, string reason)
    {
        var data = SignedRequests.Contribution();
        data["reportedAt"] = reportedAt;

        using var response = await SendAsync(SignedRequests.Envelope(data));

        var problem = await ProblemAsync(response);
        Assert.Contains(reason, problem.GetProperty("errors").GetProperty("data.reportedAt")[0].GetString(), StringComparison.Ordinal);
        await LetterAsync(problem);
    }

    [Fact]
    public async Task Post_ReportedAtDaysAhead_Is400ButTodayIsAccepted()
    {
        var ahead = SignedRequests.Contribution("GJJ-T-1");
        ahead["reportedAt"] = DateTimeOffset.UtcNow.AddDays(3).ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var now = SignedRequests.Contribution("GJJ-T-2");
        now["reportedAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);

        using var rejected = await SendAsync(SignedRequests.Envelope(ahead));
        using var accepted = await SendAsync(SignedRequests.Envelope(now));

        Assert.True((await ProblemAsync(rejected)).GetProperty("errors").TryGetProperty("data.reportedAt", out _));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await host.Get<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(10));
    }
}

/// <summary>A delivery's records are all judged before any is published: bad input never leaves a batch half published.</summary>
public sealed class JudgeBeforePublishTests
{
    private sealed class WatchingStream(IFeedStream inner, IDeadLetterStore letters) : IFeedStream
    {
        public List<int> LettersAtEachPublish { get; } = [];

        public bool Down { get; set; }

        public async Task PublishAsync(FeedMessage message, CancellationToken cancellationToken)
        {
            LettersAtEachPublish.Add((await letters.ListAsync(null, null, cancellationToken).ToListAsync(cancellationToken)).Count);
            if (Down)
            {
                throw new IOException("stream unavailable");
            }

            await inner.PublishAsync(message, cancellationToken);
        }
    }

    [Fact]
    public async Task Batch_BadRecordLast_IsJudgedAndKeptBeforeTheFirstIsPublished()
    {
        WatchingStream? stream = null;
        await using var host = await RunningHost.StartAsync(configureServices: services =>
            services.Replace(ServiceDescriptor.Singleton<IFeedStream>(sp => stream = new WatchingStream(sp.GetRequiredService<InMemoryFeedStream>(), sp.GetRequiredService<IDeadLetterStore>()))));
        var bad = SignedRequests.Contribution("GJJ-O-3");
        bad["status"] = "Unknown";

        using var response = await SignedRequests.Partner(host, "gjj_shanghai").SendAsync("/api/feeds/provident-fund", "msg_order",
            SignedRequests.Envelope(new JsonArray(SignedRequests.Contribution("GJJ-O-1"), SignedRequests.Contribution("GJJ-O-2"), bad)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([1, 1], stream!.LettersAtEachPublish);
        await host.Get<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Batch_StreamDown_Is503AndTheRetryOfTheSameDeliveryIsAnswered200()
    {
        WatchingStream? stream = null;
        await using var host = await RunningHost.StartAsync(configureServices: services =>
            services.Replace(ServiceDescriptor.Singleton<IFeedStream>(sp => stream = new WatchingStream(sp.GetRequiredService<InMemoryFeedStream>(), sp.GetRequiredService<IDeadLetterStore>()) { Down = true })));
        var partner = SignedRequests.Partner(host, "gjj_shanghai");
        var body = SignedRequests.Envelope(new JsonArray(SignedRequests.Contribution("GJJ-O-4"), SignedRequests.Contribution("GJJ-O-5")));

        using var during = await partner.SendAsync("/api/feeds/provident-fund", "msg_batch_outage", body);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);

        stream!.Down = false;
        using var retry = await partner.SendAsync("/api/feeds/provident-fund", "msg_batch_outage", body);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(await retry.Content.ReadAsStringAsync()).RootElement.GetProperty("accepted").GetInt32());
        await host.Get<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(10));
    }
}
