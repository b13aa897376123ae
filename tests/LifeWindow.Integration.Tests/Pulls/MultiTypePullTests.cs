namespace LifeWindow.Integration.Tests.Pulls;

/// <summary>
/// The tax pull carrying both tax event types: with Pulls:Tax:EventTypes each page record is an envelope
/// {"type", "data"} routed to its type's parser; with a single Pulls:Tax:EventType records stay bare.
/// </summary>
public sealed class MultiTypePullTests
{
    private const string Job = PullJobs.Tax;

    /// <summary>The sample envelopes under samples/tax: {"type", "timestamp", "data"}; the timestamp is ignored.</summary>
    private static JsonObject Sample(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AzuriteFixture.RepositoryRoot(), "samples", "tax", file)))!.AsObject();

    private static Dictionary<string, string?> TaxSettings(Uri partnerApi, params string[] eventTypes)
    {
        var settings = PullTestHost.Settings(partnerApi);
        settings["Pulls:ProvidentFund:Enabled"] = "false";
        settings["Pulls:Tax:Enabled"] = "true";
        settings["Pulls:Tax:Schedule"] = "0 */5 * * * *";
        settings["Pulls:Tax:BaseUrl"] = partnerApi.AbsoluteUri;
        settings["Pulls:Tax:ApiKey"] = FakePartnerApi.ApiKey;
        settings["Pulls:Tax:Partner"] = "tax_platform";
        settings["Pulls:Tax:PageSize"] = "3";
        settings["Pulls:Tax:RequestsPerSecond"] = "100";
        for (var i = 0; i < eventTypes.Length; i++)
        {
            settings[$"Pulls:Tax:EventTypes:{i}"] = eventTypes[i];
        }

        return settings;
    }

    [Fact]
    public async Task Run_EventTypes_RoutesEachEnvelopeToItsTypesParser_AndKeepsUnknownTypesAsDeadLetters()
    {
        var unknown = Sample("declaration.json");
        unknown["type"] = "tax.receipt";
        JsonObject[] records =
        [
            Sample("invoice.json"),
            Sample("declaration.json"),
            unknown,
            (JsonObject)Sample("invoice.json")["data"]!.DeepClone(), // a bare record where an envelope is expected
            Sample("invoice-red-letter.json"), // after its original, so the red-letter check finds it
        ];
        await using var partner = await FakePartnerApi.StartAsync(records);
        var stream = new RecordingFeedStream();
        using var host = await PullTestHost.StartAsync(TaxSettings(partner.BaseUrl, "tax.invoice", "tax.declaration"), stream);

        var result = await host.Get<PullJobRunner>().RunAsync(Job, CancellationToken.None);

        Assert.Equal(new PullRunResult(Job, PullRunStatus.CaughtUp, Pages: 2, Accepted: 3, Rejected: 2, Skipped: 0), result);
        Assert.Collection(
            stream.Published.Select(m => m.Record),
            r => Assert.Equal(InvoiceKind.Normal, Assert.IsType<TaxInvoice>(r).Kind),
            r => Assert.IsType<TaxDeclaration>(r),
            r => Assert.Equal(InvoiceKind.RedLetter, Assert.IsType<TaxInvoice>(r).Kind));
        Assert.All(stream.Published, m => Assert.Equal(("tax", "tax_platform"), (m.Feed, m.Partner)));

        var letters = (await host.Get<IDeadLetterStore>().ListAsync("tax", null, CancellationToken.None).ToListAsync()).OrderBy(l => l.Path).ToList();
        Assert.Equal(["records[0]", "records[2]"], letters.Select(l => l.Path));
        Assert.Equal("tax.receipt", letters[1].EventType);
        Assert.StartsWith("records[2].type: 'tax.receipt' is not an event type of this pull (expected one of: tax.declaration, tax.invoice)", letters[1].Reason, StringComparison.Ordinal);
        Assert.Equal(PullJobRunner.DeliveryId(Job, null), letters[1].DeliveryId);
        Assert.Contains("must be an envelope", letters[0].Reason, StringComparison.Ordinal);
        Assert.Equal(PullJobRunner.DeliveryId(Job, FakePartnerApi.CursorAt(3)), letters[0].DeliveryId);
    }

    [Fact]
    public async Task Run_EventTypes_InvalidDataInAnEnvelope_IsADeadLetterAtItsDataPath()
    {
        var broken = Sample("declaration.json");
        broken["data"]!["period"] = "2026-13";
        await using var partner = await FakePartnerApi.StartAsync([broken, Sample("invoice.json")]);
        using var host = await PullTestHost.StartAsync(TaxSettings(partner.BaseUrl, "tax.invoice", "tax.declaration"));

        var result = await host.Get<PullJobRunner>().RunAsync(Job, CancellationToken.None);

        Assert.Equal((1, 1), (result.Accepted, result.Rejected));
        var letter = Assert.Single(await host.Get<IDeadLetterStore>().ListAsync("tax", null, CancellationToken.None).ToListAsync());
        Assert.Equal(("tax.declaration", "records[0].data"), (letter.EventType, letter.Path));
        Assert.Contains("records[0].data.period", letter.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SingleEventType_ReadsBareRecordsAsBefore()
    {
        await using var partner = await FakePartnerApi.StartAsync([(JsonObject)Sample("invoice.json")["data"]!.DeepClone()]);
        var settings = TaxSettings(partner.BaseUrl);
        settings["Pulls:Tax:EventType"] = "tax.invoice";
        var stream = new RecordingFeedStream();
        using var host = await PullTestHost.StartAsync(settings, stream);

        var result = await host.Get<PullJobRunner>().RunAsync(Job, CancellationToken.None);

        Assert.Equal((PullRunStatus.CaughtUp, 1, 0), (result.Status, result.Accepted, result.Rejected));
        Assert.IsType<TaxInvoice>(Assert.Single(stream.Published).Record);
    }

    [Fact]
    public async Task Start_EventTypeWithoutAParser_FailsNamingTheEntry()
    {
        var settings = TaxSettings(new Uri("http://127.0.0.1:9/"), "tax.invoice", "tax.receipt", "tax.invoice");

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => PullTestHost.StartAsync(settings));

        Assert.Contains("Pulls:Tax:EventTypes:1 'tax.receipt' has no parser for feed 'tax' (known: tax.declaration, tax.invoice)", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Pulls:Tax:EventTypes:2 'tax.invoice' is listed twice", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_EventTypeAndEventTypesBoth_FailsNamingTheSection()
    {
        var settings = TaxSettings(new Uri("http://127.0.0.1:9/"), "tax.invoice", "tax.declaration");
        settings["Pulls:Tax:EventType"] = "tax.invoice";

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => PullTestHost.StartAsync(settings));

        Assert.Contains("Pulls:Tax: set either EventType (bare records) or EventTypes", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DisabledPullWithAnUnknownEventType_Starts()
    {
        var settings = TaxSettings(new Uri("http://127.0.0.1:9/"), "tax.receipt");
        settings["Pulls:Tax:Enabled"] = "false";
        using var host = await PullTestHost.StartAsync(settings);

        Assert.Equal(PullRunStatus.Disabled, (await host.Get<PullJobRunner>().RunAsync(Job, CancellationToken.None)).Status);
    }
}
