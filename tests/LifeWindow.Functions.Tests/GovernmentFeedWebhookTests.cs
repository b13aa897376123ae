using LifeWindow.Domain.Time;

namespace LifeWindow.Functions.Tests;

/// <summary>POST /api/feeds/property-registry, /tax and /consent over real HTTP, signed by the demo partners of the local host.</summary>
public sealed class GovernmentFeedWebhookTests : IAsyncLifetime
{
    private static readonly string OwnerId = WithCheck("31011519850315002");
    private static readonly string CoOwnerId = WithCheck("31011519870722004");
    private static readonly string BusinessOwnerId = WithCheck("32058319790101003");

    /// <summary>Two days ago in Shanghai, so "not in the future" holds whatever the time of day.</summary>
    private static readonly DateTimeOffset Recently = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(-2), BusinessClock.Zone);

    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData("property-registry", "bdc_shanghai", "property-registry.event", "msg_bdc_1")]
    [InlineData("consent", "bank_app", "consent.record", "msg_cs_1")]
    public async Task ValidRecord_Is202AndIsConsumed(string feed, string partner, string type, string webhookId)
    {
        var data = type == "consent.record" ? Consent() : PropertyEvent();

        using var response = await SendAsync(feed, partner, type, data, webhookId);

        await AssertAcceptedAsync(response, 1);
    }

    [Fact]
    public async Task PropertyRegistry_InvalidEvent_Is400NamingEachField()
    {
        var data = PropertyEvent();
        data["owners"]![1]!["idNumber"] = WrongCheck(CoOwnerId);
        data["cityTier"] = "Tier1";
        data.Remove("price");

        using var response = await SendAsync("property-registry", "bdc_shanghai", "property-registry.event", data, "msg_bdc_2");

        var errors = await ProblemErrorsAsync(response);
        Assert.Equal(["data.cityTier", "data.owners[1].idNumber", "data.price"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(CoOwnerId[..17], errors.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, host.Get<InMemoryFeedStream>().Pending);
    }

    [Fact]
    public async Task Tax_ValidInvoiceAndDeclaration_Are202()
    {
        using var invoice = await SendAsync("tax", "tax_platform", "tax.invoice", Invoice("TAX-1", InvoiceNumber(1), "Normal"), "msg_tax_1");
        await AssertAcceptedAsync(invoice, 1);

        using var declaration = await SendAsync("tax", "tax_platform", "tax.declaration", Declaration(), "msg_tax_2");
        await AssertAcceptedAsync(declaration, 1);
    }

    [Fact]
    public async Task Tax_InvalidInvoice_Is400NamingEachField()
    {
        var data = Invoice("TAX-1", InvoiceNumber(1), "Normal");
        data["invoiceNumber"] = "123";
        data["tax"] = 1.005m;
        data["originalInvoiceNumber"] = InvoiceNumber(2);

        using var response = await SendAsync("tax", "tax_platform", "tax.invoice", data, "msg_tax_3");

        var errors = await ProblemErrorsAsync(response);
        Assert.Equal(["data.invoiceNumber", "data.originalInvoiceNumber", "data.tax"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Tax_InvalidDeclaration_Is400AtThePeriod()
    {
        var data = Declaration();
        data["period"] = "2026-07";

        using var response = await SendAsync("tax", "tax_platform", "tax.declaration", data, "msg_tax_4");

        var errors = await ProblemErrorsAsync(response);
        Assert.Contains("yyyy-Qn", errors.GetProperty("data.period")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tax_RedLetterOfAnUnknownInvoice_Is400AtOriginalInvoiceNumber()
    {
        using var response = await SendAsync("tax", "tax_platform", "tax.invoice", RedLetter("TAX-R", InvoiceNumber(9), InvoiceNumber(8)), "msg_tax_5");

        var errors = await ProblemErrorsAsync(response);
        Assert.Contains("accepted Normal invoice", errors.GetProperty("data.originalInvoiceNumber")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tax_BatchWithOneBadRecord_Is200WithAResultPerRecord()
    {
        var bad = Invoice("TAX-B-3", InvoiceNumber(12), "Normal");
        bad["invoiceNumber"] = InvoiceNumber(12)[..19];
        var batch = new JsonArray(
            Invoice("TAX-B-1", InvoiceNumber(10), "Normal"),
            RedLetter("TAX-B-2", InvoiceNumber(11), InvoiceNumber(10)),
            bad);

        using var response = await SendAsync("tax", "tax_platform", "tax.invoice", batch, "msg_tax_batch");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, body.GetProperty("rejected").GetInt32());
        var records = body.GetProperty("records");
        Assert.Equal(["accepted", "accepted", "rejected"], records.EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        var rejected = records[2];
        Assert.Equal("TAX-B-3", rejected.GetProperty("recordId").GetString());
        Assert.True(rejected.GetProperty("errors").TryGetProperty("data[2].invoiceNumber", out _));
        var letter = await host.Get<IDeadLetterStore>().GetAsync(rejected.GetProperty("deadLetterId").GetString()!, CancellationToken.None);
        Assert.Equal("tax", letter!.Feed);
        Assert.Equal("data[2]", letter.Path);
        Assert.Equal("tax_platform", letter.Partner);
        await WaitForStreamAsync();
    }

    [Fact]
    public async Task Consent_InvalidRecord_Is400NamingEachField()
    {
        var data = Consent();
        data["purpose"] = "Marketing";
        data["at"] = Recently.AddDays(5).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

        using var response = await SendAsync("consent", "bank_app", "consent.record", data, "msg_cs_2");

        var errors = await ProblemErrorsAsync(response);
        Assert.Contains("only allowed when purpose is SharingWith", errors.GetProperty("data.partner")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("future", errors.GetProperty("data.at")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tax_SignedByAPartnerOfAnotherFeed_Is401()
    {
        using var response = await SendAsync("tax", "bdc_shanghai", "tax.invoice", Invoice("TAX-1", InvoiceNumber(1), "Normal"), "msg_tax_wrong_partner");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string feed, string partner, string type, JsonNode data, string webhookId) =>
        await SignedRequests.Partner(host, partner).SendAsync($"/api/feeds/{feed}", webhookId, SignedRequests.Envelope(data, type));

    private async Task AssertAcceptedAsync(HttpResponseMessage response, int accepted)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(accepted, body.GetProperty("accepted").GetInt32());
        Assert.All(body.GetProperty("records").EnumerateArray(), r => Assert.Equal("accepted", r.GetProperty("status").GetString()));
        await WaitForStreamAsync();
    }

    /// <summary>The stream consumer folds (or logs) every new record type without setting any aside.</summary>
    private async Task WaitForStreamAsync()
    {
        var stream = host.Get<InMemoryFeedStream>();
        await stream.WaitForIdleAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(stream.Failed);
    }

    private static async Task<JsonElement> ProblemErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
    }

    private static string Timestamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>A 20-digit number starting with the issue year of <see cref="Invoice"/>, unique per <paramref name="sequence"/>.</summary>
    private static string InvoiceNumber(int sequence) => string.Create(CultureInfo.InvariantCulture, $"{Recently.Year % 100:D2}3120000000{sequence:D8}");

    private static JsonObject PropertyEvent() => new()
    {
        ["schemaVersion"] = 1,
        ["recordId"] = "BDC-310115-000001",
        ["eventType"] = "Transfer",
        ["certificateNo"] = "沪(2026)浦字不动产权第045678号",
        ["propertyId"] = "310115006012GB00123F00010502",
        ["owners"] = new JsonArray(
            new JsonObject { ["idNumber"] = OwnerId, ["sharePct"] = 60 },
            new JsonObject { ["idNumber"] = CoOwnerId, ["sharePct"] = 40 }),
        ["city"] = "上海市",
        ["cityTier"] = "ProvincialCapitalOrAbove",
        ["areaSqm"] = 89.52m,
        ["price"] = 6_800_000.00m,
        ["registeredAt"] = Timestamp(Recently),
    };

    private static JsonObject Invoice(string recordId, string number, string kind) => new()
    {
        ["schemaVersion"] = 1,
        ["recordId"] = recordId,
        ["invoiceNumber"] = number,
        ["issuedAt"] = Timestamp(Recently),
        ["sellerUscc"] = "92310115MA1HB6Q9TD",
        ["buyerUscc"] = "91310000MA1FL8K22L",
        ["amount"] = 48_000.00m,
        ["tax"] = 1_440.00m,
        ["kind"] = kind,
        ["legalRepresentativeIdNumber"] = BusinessOwnerId,
    };

    private static JsonObject RedLetter(string recordId, string number, string original)
    {
        var data = Invoice(recordId, number, "RedLetter");
        data["originalInvoiceNumber"] = original;
        return data;
    }

    private static JsonObject Declaration() => new()
    {
        ["schemaVersion"] = 1,
        ["recordId"] = "TAX-DEC-1",
        ["uscc"] = "92310115MA1HB6Q9TD",
        ["period"] = YearQuarter.From(DateOnly.FromDateTime(Recently.DateTime)).AddQuarters(-1).ToString(),
        ["declaredRevenue"] = 412_000.00m,
        ["taxPaid"] = 4_120.00m,
        ["legalRepresentativeIdNumber"] = BusinessOwnerId,
    };

    private static JsonObject Consent() => new()
    {
        ["schemaVersion"] = 1,
        ["recordId"] = "CS-1",
        ["idNumber"] = OwnerId,
        ["purpose"] = "SharingWith",
        ["partner"] = "meituan",
        ["source"] = "Consumption",
        ["action"] = "Granted",
        ["evidenceId"] = "esign-0001",
        ["at"] = Timestamp(Recently),
    };

    private static string WithCheck(string first17) => first17 + ResidentIdNumber.CheckCharacter(first17);

    private static string WrongCheck(string id) => id[..17] + (id[17] == '0' ? '1' : '0');
}
