using Microsoft.Extensions.Logging.Abstractions;

namespace LifeWindow.Integration.Tests.GovernmentFeeds;

/// <summary>A red-letter invoice must reverse a Normal invoice accepted before: through the real ingestor, with the in-memory registry.</summary>
public class RedLetterInvoiceCheckTests
{
    private const string Original = "26312000000000000001";

    [Fact]
    public async Task Ingest_RedLetterOfAnUnknownInvoice_IsRejectedAtOriginalInvoiceNumberAndDeadLettered()
    {
        var rig = new IngestRig(new InMemoryInvoiceRegistry());

        var result = await rig.IngestAsync(RedLetter("TAX-R-1", "26312000000000000002", Original), "data");

        Assert.False(result.IsAccepted);
        var message = Assert.Single(result.Errors!["data.originalInvoiceNumber"]);
        Assert.Contains("does not reference an accepted Normal invoice", message, StringComparison.Ordinal);
        var letter = await rig.DeadLetters.GetAsync(result.DeadLetterId!, CancellationToken.None);
        Assert.Equal("tax", letter!.Feed);
        Assert.Contains("data.originalInvoiceNumber", letter.Reason, StringComparison.Ordinal);
        Assert.Empty(rig.Stream.Published);
    }

    [Fact]
    public async Task Ingest_RedLetterAfterItsNormalInvoice_IsAccepted()
    {
        var rig = new IngestRig(new InMemoryInvoiceRegistry());

        var normal = await rig.IngestAsync(Invoice("TAX-N-1", Original, "Normal"), "data[0]");
        var red = await rig.IngestAsync(RedLetter("TAX-R-1", "26312000000000000002", Original), "data[1]");

        Assert.True(normal.IsAccepted);
        Assert.True(red.IsAccepted, red.Errors is null ? null : string.Join("; ", red.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        Assert.Equal([InvoiceKind.Normal, InvoiceKind.RedLetter], rig.Stream.Published.Select(m => ((TaxInvoice)m.Record).Kind));
    }

    [Fact]
    public async Task Resubmit_RedLetterRejectedBeforeItsOriginal_IsAcceptedOnceTheOriginalIsIn()
    {
        var rig = new IngestRig(new InMemoryInvoiceRegistry());
        var early = await rig.IngestAsync(RedLetter("TAX-R-1", "26312000000000000002", Original), "data");
        Assert.True((await rig.IngestAsync(Invoice("TAX-N-1", Original, "Normal"), "data")).IsAccepted);

        var resubmitted = await rig.DeadLetterService.ResubmitAsync(early.DeadLetterId!, CancellationToken.None);

        Assert.Equal(ResubmitStatus.Accepted, resubmitted.Status);
        Assert.Equal(DeadLetterStatus.Resubmitted, (await rig.DeadLetters.GetAsync(early.DeadLetterId!, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Ingest_RedLetterInABatch_NamesItsOwnPath()
    {
        var rig = new IngestRig(new InMemoryInvoiceRegistry());

        var result = await rig.IngestAsync(RedLetter("TAX-R-1", "26312000000000000002", Original), "data[7]");

        Assert.Equal(["data[7].originalInvoiceNumber"], result.Errors!.Keys);
    }

    [Theory]
    [InlineData("Void")]
    [InlineData("RedLetter")]
    public async Task Ingest_RedLetterReversingANonNormalInvoice_IsRejected(string kind)
    {
        var rig = new IngestRig(new InMemoryInvoiceRegistry());
        var first = kind == "RedLetter"
            ? RedLetter("TAX-1", Original, "26312000000000000009")
            : Invoice("TAX-1", Original, kind);
        if (kind == "RedLetter")
        {
            Assert.True((await rig.IngestAsync(Invoice("TAX-0", "26312000000000000009", "Normal"), "data")).IsAccepted);
        }

        Assert.True((await rig.IngestAsync(first, "data")).IsAccepted);
        var result = await rig.IngestAsync(RedLetter("TAX-2", "26312000000000000002", Original), "data");

        Assert.True(result.Errors!.ContainsKey("data.originalInvoiceNumber"));
    }

    [Fact]
    public async Task Ingest_RejectedNormalInvoice_IsNotRemembered()
    {
        var registry = new InMemoryInvoiceRegistry();
        var rig = new IngestRig(registry);
        var bad = Invoice("TAX-N-1", Original, "Normal");
        bad["amount"] = -1;

        Assert.False((await rig.IngestAsync(bad, "data")).IsAccepted);

        Assert.False(await registry.ContainsAsync(Original, CancellationToken.None));
    }

    public static JsonObject Invoice(string recordId, string number, string kind) => new()
    {
        ["schemaVersion"] = 1,
        ["recordId"] = recordId,
        ["invoiceNumber"] = number,
        ["issuedAt"] = "2026-10-08T10:00:00+08:00",
        ["sellerUscc"] = TestData.Uscc,
        ["buyerUscc"] = "91310000MA1FL8K22L",
        ["amount"] = 10_000.00m,
        ["tax"] = 600.00m,
        ["kind"] = kind,
        ["legalRepresentativeIdNumber"] = TestData.IdNumber,
    };

    public static JsonObject RedLetter(string recordId, string number, string original)
    {
        var data = Invoice(recordId, number, "RedLetter");
        data["originalInvoiceNumber"] = original;
        return data;
    }
}

/// <summary>The same rule with the Table registry on Azurite.</summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class TableInvoiceRegistryTests(AzuriteFixture azurite)
{
    private TableInvoiceRegistry Registry() => new(new LifeWindowTables(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t")));

    [Fact]
    public async Task Registry_AddedNumber_IsFoundAndAddingAgainIsHarmless()
    {
        var registry = Registry();
        var issuedAt = new DateTimeOffset(2026, 10, 8, 10, 0, 0, TimeSpan.FromHours(8));

        Assert.False(await registry.ContainsAsync("26312000000000000001", CancellationToken.None));
        await registry.AddAsync("26312000000000000001", issuedAt, CancellationToken.None);
        await registry.AddAsync("26312000000000000001", issuedAt, CancellationToken.None);

        Assert.True(await registry.ContainsAsync("26312000000000000001", CancellationToken.None));
        Assert.False(await registry.ContainsAsync("26312000000000000002", CancellationToken.None));
    }

    [Fact]
    public async Task Ingest_RedLetterBeforeAndAfterItsNormalInvoice_RejectedThenAccepted()
    {
        var rig = new IngestRig(Registry());
        var red = RedLetterInvoiceCheckTests.RedLetter("TAX-R-1", "26312000000000000002", "26312000000000000001");

        var early = await rig.IngestAsync(red, "data");
        var normal = await rig.IngestAsync(RedLetterInvoiceCheckTests.Invoice("TAX-N-1", "26312000000000000001", "Normal"), "data");
        var late = await rig.IngestAsync(red, "data");

        Assert.True(early.Errors!.ContainsKey("data.originalInvoiceNumber"));
        Assert.True(normal.IsAccepted);
        Assert.True(late.IsAccepted);
    }
}

/// <summary>A FeedIngestor with the red-letter check, an in-memory stream and dead-letter store, on 2026-11-24 in Shanghai.</summary>
internal sealed class IngestRig
{
    public IngestRig(IInvoiceRegistry registry)
    {
        var protector = new PayloadProtector(Options.Create(new DeadLetterOptions { KeyId = "d1", Keys = { ["d1"] = Convert.ToBase64String(new byte[32]) } }));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero));
        Ingestor = new FeedIngestor(
            [new RedLetterInvoiceCheck(registry)], FeedGen.Tokenizer, Stream, new InMemoryMatchIndex(), DeadLetters, protector, time, NullLogger<FeedIngestor>.Instance);
        DeadLetterService = new DeadLetterService(DeadLetters, new FeedParsers([new TaxInvoiceParser()]), Ingestor, protector, FeedGen.Tokenizer, time);
    }

    public DeadLetterService DeadLetterService { get; }

    public FeedIngestor Ingestor { get; }

    public ListFeedStream Stream { get; } = new();

    public InMemoryDeadLetterStore DeadLetters { get; } = new();

    public async Task<RecordResult> IngestAsync(JsonObject data, string path)
    {
        using var document = JsonDocument.Parse(data.ToJsonString());
        return await Ingestor.IngestAsync(new IngestSource("tax", "tax_platform", IngressMode.Webhook, "msg_1"), new TaxInvoiceParser(), document.RootElement, path, CancellationToken.None);
    }
}

internal sealed class ListFeedStream : IFeedStream
{
    public List<FeedMessage> Published { get; } = [];

    public Task PublishAsync(FeedMessage message, CancellationToken cancellationToken)
    {
        Published.Add(message);
        return Task.CompletedTask;
    }
}
