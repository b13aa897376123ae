namespace LifeWindow.Integration.Tests;

/// <summary>After a pepper rotation, a customer's data moves to the new key the next time their ID is seen.</summary>
public class PepperRotationTests
{
    private const string OldPepper = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private const string NewPepper = "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";
    private static readonly YearMonth Latest = new(2026, 9);

    /// <summary>The customer's grant of <paramref name="purpose"/> for the provident fund's data, as the consent feed delivers it.</summary>
    internal static FeedMessage Consent(string customer, DateTimeOffset at, ConsentPurpose purpose = ConsentPurpose.Marketing, ConsentAction action = ConsentAction.Granted) =>
        new("consent", "bank_app", $"d-consent-{customer}-{purpose}-{action}", at, new ConsentRecord
        {
            RecordId = $"CS-{customer}-{purpose}-{action}",
            CustomerKey = customer,
            EvidenceHash = $"ev-consent-{customer}-{purpose}-{action}",
            Person = new PersonFacts("31-40", "Female", Residency.Local),
            Purpose = purpose,
            Source = ConsentSource.ProvidentFund,
            Action = action,
            EvidenceId = "esign-" + customer,
            At = at.AddDays(-1),
        });

    internal static ProvidentFundContribution Month(string customer, YearMonth period, decimal contributionBase, IReadOnlyList<string>? previous = null) => new()
    {
        RecordId = $"PF-{period}",
        CustomerKey = customer,
        EvidenceHash = $"ev-{period}",
        Person = new PersonFacts("31-40", "Female", Residency.Local),
        Period = period,
        Employer = new Employer("x", TestData.Uscc, EmployerSector.Private),
        ContributionBase = contributionBase,
        EmployeeRate = 0.07m,
        EmployerRate = 0.07m,
        Status = ContributionStatus.Normal,
        Balance = 0,
        PreviousCustomerKeys = previous,
    };

    [Fact]
    public Task Consumer_RecordUnderTheNewKey_MovesProfileAndFactsAndKeepsTheOpenWindow() => RotationScenarioAsync(null);

    /// <summary>Thirteen months under the old key open a window; the fourteenth arrives under the new key.</summary>
    internal static async Task RotationScenarioAsync(string? tablesConnection)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 10, 20, 2, 0, 0, TimeSpan.Zero));
        using var host = IntegrationHost.Build(time, tablesConnection);
        var processor = host.Get<FeedMessageProcessor>();

        await processor.ProcessAsync(Consent("k1-old", time.GetUtcNow()), CancellationToken.None);
        for (var m = -12; m <= 0; m++)
        {
            await processor.ProcessAsync(new FeedMessage("provident-fund", "p", $"d{m}", time.GetUtcNow(), Month("k1-old", Latest.AddMonths(m), m == 0 ? 12500m : 10000m)), CancellationToken.None);
        }

        var before = Assert.Single(await host.Get<IWindowStore>().ListAsync(CancellationToken.None).ToListAsync());
        Assert.Equal("k1-old", before.CustomerKey);

        // Rotation: the next month arrives keyed with the new pepper, naming the old key. Growth still holds, same anchor.
        var next = Month("k2-new", Latest.AddMonths(1), 12500m, ["k1-old"]);
        var started = await processor.ProcessAsync(new FeedMessage("provident-fund", "p", "d1", time.GetUtcNow(), next), CancellationToken.None);

        Assert.Null(await host.Get<IProfileStore>().GetAsync("k1-old", CancellationToken.None));
        var moved = (await host.Get<IProfileStore>().GetAsync("k2-new", CancellationToken.None))!.Profile;
        Assert.Equal(14, ProfileFolder.ViewOf(moved, RuleCatalogLoader.LoadDefault().Tags).ProvidentFund.Count); // recent facts plus the compacted snapshot
        Assert.Equal("true", moved.Tag("IncomeStable")!.Value);
        Assert.Empty(await host.Get<IFactLog>().ReadAsync("k1-old", CancellationToken.None).ToListAsync());
        Assert.Equal(15, (await host.Get<IFactLog>().ReadAsync("k2-new", CancellationToken.None).ToListAsync()).Count); // 14 months and the consent

        Assert.Equal(before.WindowId, Assert.Single(started.Start).WindowId);
        Assert.Single(await host.Get<IWindowStore>().ListAsync(CancellationToken.None).ToListAsync());

        // Seeing the customer again under the new key changes nothing further.
        await processor.ProcessAsync(new FeedMessage("provident-fund", "p", "d1", time.GetUtcNow(), next), CancellationToken.None);
        Assert.Equal(14, ProfileFolder.ViewOf((await host.Get<IProfileStore>().GetAsync("k2-new", CancellationToken.None))!.Profile, RuleCatalogLoader.LoadDefault().Tags).ProvidentFund.Count);
        Assert.Single(await host.Get<IWindowStore>().ListAsync(CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task Ingestor_WithARetiredPepper_KeysWithTheCurrentOneAndNamesTheOld()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero));
        using var host = IntegrationHost.Build(time, extra: new Dictionary<string, string?>
        {
            ["Identity:PepperKeyId"] = "k2",
            ["Identity:Pepper"] = NewPepper,
            ["Identity:RetiredPeppers:k1"] = OldPepper,
        });
        var parser = host.Get<FeedParsers>().Find("provident-fund", "provident-fund.contribution")!;
        using var doc = JsonDocument.Parse(TestData.Contribution().ToJsonString());

        var result = await host.Get<FeedIngestor>().IngestAsync(new IngestSource("provident-fund", "gjj", IngressMode.Webhook, "m1"), parser, doc.RootElement, "data", CancellationToken.None);
        Assert.True(result.IsAccepted);

        var stream = host.Get<InMemoryFeedStream>();
        FeedMessage? published = null;
        using var stop = new CancellationTokenSource();
        var consumer = stream.RunConsumersAsync((m, _) => { published = m; return Task.CompletedTask; }, stop.Token);
        await stream.WaitForIdleAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await consumer;

        Assert.StartsWith("k2-", published!.Record.CustomerKey, StringComparison.Ordinal);
        var oldKey = Assert.Single(published.Record.PreviousCustomerKeys!);
        Assert.Equal(TestData.Tokenizer(OldPepper).CustomerKey(ParseId()), oldKey);
        Assert.DoesNotContain(TestData.IdNumber, FeedMessageJson.Serialize(published), StringComparison.Ordinal);
    }

    private static Domain.Identity.ResidentIdNumber ParseId()
    {
        Assert.True(Domain.Identity.ResidentIdNumber.TryParse(TestData.IdNumber, TestData.Today, out var id, out _));
        return id!;
    }
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class PepperRotationOnTablesTests(AzuriteFixture azurite)
{
    [Fact]
    public Task Consumer_RecordUnderTheNewKey_MovesProfileAndFactsOnTables() =>
        PepperRotationTests.RotationScenarioAsync(azurite.ConnectionString);
}
