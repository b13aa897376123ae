using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using LifeWindow.Integration.Storage;

namespace LifeWindow.Functions.Tests;

/// <summary>
/// POST /api/feeds/bank over real HTTP with the sample files in samples/bank (sent byte for byte, as
/// the .http file does): every event type is accepted, reaches the stream and the fact log, and no
/// raw ID number travels on.
/// </summary>
public sealed partial class BankFeedWebhookTests(BankFeedWebhookTests.Host fixture) : IClassFixture<BankFeedWebhookTests.Host>
{
    private const string Path = "/api/feeds/bank";

    /// <summary>One host for the class; every message the ingress publishes is also kept as the stream's JSON.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public RunningHost Running { get; private set; } = null!;

        public ConcurrentQueue<string> Published { get; } = new();

        public async Task InitializeAsync() => Running = await RunningHost.StartAsync(configureServices: services =>
            services.Replace(ServiceDescriptor.Singleton<IFeedStream>(sp => new RecordingStream(sp.GetRequiredService<InMemoryFeedStream>(), Published))));

        public async Task DisposeAsync() => await Running.DisposeAsync();
    }

    private sealed class RecordingStream(IFeedStream inner, ConcurrentQueue<string> published) : IFeedStream
    {
        public Task PublishAsync(FeedMessage message, CancellationToken cancellationToken)
        {
            published.Enqueue(FeedMessageJson.Serialize(message));
            return inner.PublishAsync(message, cancellationToken);
        }
    }

    private RunningHost RunningHost => fixture.Running;

    public static TheoryData<string> Samples => new(
        "mortgage-account", "mortgage-repayment", "deposit-snapshot", "payroll-credit", "pos-settlement", "large-transfer", "custody-flow", "call-transcript", "risk-assessment", "income-declaration", "loan-account", "list-entry");

    private static string Sample(string name) => File.ReadAllText(System.IO.Path.Combine(AzuriteFixture.RepositoryRoot(), "samples", "bank", name + ".json"));

    private Task<HttpResponseMessage> SendAsync(string body, string id, string partner = "core_banking") =>
        SignedRequests.Partner(RunningHost, partner).SendAsync(Path, id, body);

    /// <summary>The latest message for the record (tests share the host, and some send the same sample).</summary>
    private string PublishedMessage(string recordId) =>
        fixture.Published.Last(m => JsonDocument.Parse(m).RootElement.GetProperty("record").GetProperty("recordId").GetString() == recordId);

    private JsonElement PublishedRecord(string recordId) => JsonDocument.Parse(PublishedMessage(recordId)).RootElement.GetProperty("record");

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Post_SampleOfEachEventType_Is202AndReachesTheStreamWithoutTheRawIdNumber(string sample)
    {
        var body = Sample(sample);
        var data = JsonDocument.Parse(body).RootElement.GetProperty("data");
        var idNumber = data.GetProperty("idNumber").GetString()!;
        var recordId = data.GetProperty("recordId").GetString()!;

        using var response = await SendAsync(body, "bank_sample_" + sample);

        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, answer);
        var result = JsonDocument.Parse(answer).RootElement.GetProperty("records")[0];
        Assert.Equal("accepted", result.GetProperty("status").GetString());
        Assert.Equal(recordId, result.GetProperty("recordId").GetString());

        var stream = RunningHost.Get<InMemoryFeedStream>();
        await stream.WaitForIdleAsync(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(stream.Failed, f => f.Message.Record.RecordId == recordId);

        var message = PublishedMessage(recordId);
        var record = PublishedRecord(recordId);
        Assert.Equal($"bank.{sample}/v1", record.GetProperty("$type").GetString());
        Assert.Equal("bank", JsonDocument.Parse(message).RootElement.GetProperty("feed").GetString());
        Assert.DoesNotContain(idNumber[..17], message, StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber[6..14], message, StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber[..17], answer, StringComparison.Ordinal);

        // The stream consumer took it: it is in the customer's fact log.
        var customerKey = record.GetProperty("customerKey").GetString()!;
        var logged = await RunningHost.Get<IFactLog>().ReadAsync(customerKey, CancellationToken.None).ToListAsync();
        Assert.Contains(logged, f => f.Record.RecordId == recordId);
    }

    [Fact]
    public async Task Post_MortgageAccount_KeepsOnlyTheMaskedPhone()
    {
        using var response = await SendAsync(Sample("mortgage-account"), "bank_phone");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var message = PublishedMessage("CB-MA-20261122-000001");
        Assert.Equal("139****1234", PublishedRecord("CB-MA-20261122-000001").GetProperty("maskedPhone").GetString());
        Assert.DoesNotContain("13900001234", message, StringComparison.Ordinal);
        Assert.DoesNotContain("139 0000 1234", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_CallTranscript_TheSnippetOnTheStreamIsRedacted()
    {
        using var response = await SendAsync(Sample("call-transcript"), "bank_transcript");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var snippet = PublishedRecord("CB-CT-20261122-000001").GetProperty("snippet").GetString()!;
        Assert.Contains("月供压力大", snippet, StringComparison.Ordinal);
        Assert.Contains("*** **** ****", snippet, StringComparison.Ordinal);
        Assert.DoesNotMatch(LongNumber(), snippet);
    }

    [Fact]
    public async Task Post_RiskAssessment_TheGradeArrivesAsTheAppetiteWithItsValidity()
    {
        using var response = await SendAsync(Sample("risk-assessment"), "bank_risk");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var record = PublishedRecord("CB-RA-20261118-000001");
        Assert.Equal("Balanced", record.GetProperty("appetite").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 18, 6, 20, 0, TimeSpan.Zero), record.GetProperty("assessedAt").GetDateTimeOffset());
        Assert.Equal("2027-11-17", record.GetProperty("validUntil").GetString());
    }

    [Fact]
    public async Task Post_InvalidRiskAssessment_Is400NamingTheAppetiteAndTheValidity()
    {
        var body = Sample("risk-assessment-invalid");
        var idNumber = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("idNumber").GetString()!;

        using var response = await SendAsync(body, "bank_risk_invalid");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var answer = await response.Content.ReadAsStringAsync();
        var errors = JsonDocument.Parse(answer).RootElement.GetProperty("errors");
        Assert.Equal(["data.appetite", "data.validUntil"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("is not one of C1, C2, C3, C4, C5", errors.GetProperty("data.appetite")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("must not be before the date of assessedAt (2026-11-18", errors.GetProperty("data.validUntil")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber[..17], answer, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Published, m => m.Contains("CB-RA-20261118-000002", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_BatchWithOneBadRecord_Is200WithAResultPerRecordAndTheBadOneDeadLettered()
    {
        var body = Sample("large-transfer-batch");
        var ids = JsonDocument.Parse(body).RootElement.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("idNumber").GetString()!).ToArray();

        using var response = await SendAsync(body, "bank_batch");

        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, answer);
        var result = JsonDocument.Parse(answer).RootElement;
        Assert.Equal(3, result.GetProperty("accepted").GetInt32());
        Assert.Equal(1, result.GetProperty("rejected").GetInt32());
        var records = result.GetProperty("records").EnumerateArray().ToArray();
        Assert.Equal(["accepted", "accepted", "rejected", "accepted"], records.Select(r => r.GetProperty("status").GetString()));
        var bad = records[2];
        Assert.Equal("data[2]", bad.GetProperty("path").GetString());
        Assert.Equal(
            ["data[2].amount", "data[2].at", "data[2].counterpartyType"],
            bad.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        var deadLetterId = bad.GetProperty("deadLetterId").GetString()!;
        Assert.StartsWith("dl-", deadLetterId, StringComparison.Ordinal);
        Assert.All(ids, id => Assert.DoesNotContain(id[..17], answer, StringComparison.Ordinal));

        await RunningHost.Get<InMemoryFeedStream>().WaitForIdleAsync(TimeSpan.FromSeconds(10));
        foreach (var accepted in new[] { 0, 1, 3 })
        {
            var recordId = records[accepted].GetProperty("recordId").GetString()!;
            var message = PublishedMessage(recordId);
            Assert.All(ids, id => Assert.DoesNotContain(id[..17], message, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(fixture.Published, m => m.Contains("CB-LT-20261121-000013", StringComparison.Ordinal));
        var letters = (await RunningHost.Http.GetFromJsonAsync<JsonElement[]>(new Uri("/api/dead-letters?feed=bank", UriKind.Relative)))!;
        var letter = Assert.Single(letters, l => l.GetProperty("id").GetString() == deadLetterId);
        Assert.Equal("bank.large-transfer", letter.GetProperty("eventType").GetString());
        Assert.Equal("core_banking", letter.GetProperty("partner").GetString());
        Assert.DoesNotContain(ids[2][..17], letter.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_InvalidSample_Is400NamingEachFieldWithoutEchoingTheIdNumber()
    {
        var body = Sample("mortgage-account-invalid");
        var idNumber = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("idNumber").GetString()!;

        using var response = await SendAsync(body, "bank_invalid");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = await response.Content.ReadAsStringAsync();
        var errors = JsonDocument.Parse(answer).RootElement.GetProperty("errors");
        Assert.Equal(
            ["data.annualRate", "data.balance", "data.idNumber", "data.status"],
            errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("check character", errors.GetProperty("data.idNumber")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("must not be more than principal", errors.GetProperty("data.balance")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber[..17], answer, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Published, m => m.Contains("CB-MA-20261122-000002", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_SignedByAPartnerWithoutTheBankScope_Is401()
    {
        using var response = await SendAsync(Sample("deposit-snapshot"), "bank_wrong_partner", partner: "gjj_shanghai");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_ProvidentFundTypeOnTheBankFeed_Is400NamingTheType()
    {
        using var response = await SendAsync(SignedRequests.Envelope(SignedRequests.Contribution()), "bank_wrong_type");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains("bank.mortgage-account", errors.GetProperty("$.type")[0].GetString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\d(?:[ \-]?\d){10,}")]
    private static partial Regex LongNumber();
}
