namespace LifeWindow.Integration.Tests;

/// <summary>The consumer's profile work: households, batches, compaction, the configured catalog; in memory and on Azurite.</summary>
public class ProfilePipelineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    internal static PropertyRegistryEvent CoOwnedPurchase(string first, string second) => new()
    {
        RecordId = "BDC-1",
        CustomerKey = first,
        EvidenceHash = "ev-property-1",
        Person = new PersonFacts("31-40", "Female", Residency.Local),
        EventType = PropertyEventType.Transfer,
        CertificateNo = "沪(2026)浦东新区不动产权第0000001号",
        PropertyId = "310115001001GB00001F00010001",
        Owners = [new PropertyOwner(first, new PersonFacts("31-40", "Female", Residency.Local), 50m), new PropertyOwner(second, new PersonFacts("41-50", "Male", Residency.NewResident), 50m)],
        City = "上海",
        CityTier = CityTier.ProvincialCapitalOrAbove,
        AreaSqm = 90m,
        Price = 5_000_000m,
        RegisteredAt = Now.AddDays(-10),
    };

    [Fact]
    public Task CoOwnedProperty_FoldsIntoEveryOwnersProfile_InMemory() => CoOwnedScenarioAsync(null);

    [Fact]
    public async Task HistoryInParts_OlderSummedRecordsAfterCompaction_ProfileIsRebuiltFromTheFactLog()
    {
        using var host = IntegrationHost.Build(new FakeTimeProvider(Now));
        var processor = host.Get<FeedMessageProcessor>();

        // Nine months of POS revenue: the latest three months and the oldest arrive first (the oldest is compacted at once:
        // a profile compacts what is older than three months), the five between them in a later delivery.
        static FeedMessage Pos(int monthsAgo) => new("bank", "core_banking", "d" + monthsAgo, Now, new PosSettlement
        {
            RecordId = "POS-" + monthsAgo,
            CustomerKey = "k1-shop",
            EvidenceHash = "ev-pos-" + monthsAgo,
            Person = new PersonFacts("41-50", "Male", Residency.Local),
            MerchantUscc = TestData.Uscc,
            SettledOn = new DateOnly(2026, 10, 15).AddMonths(1 - monthsAgo),
            Amount = 50_000m,
            TransactionCount = 300,
        });
        await processor.ProcessBatchAsync([.. Enumerable.Range(1, 3).Append(9).Select(Pos)], CancellationToken.None);
        Assert.Equal("3", (await host.Get<IProfileStore>().GetAsync("k1-shop", CancellationToken.None))!.Profile.Tag(TagNames.StableRevenueMonths)!.Value);

        await processor.ProcessBatchAsync([.. Enumerable.Range(4, 5).Select(Pos)], CancellationToken.None);

        var profile = (await host.Get<IProfileStore>().GetAsync("k1-shop", CancellationToken.None))!.Profile;
        Assert.Equal("9", profile.Tag(TagNames.StableRevenueMonths)!.Value);
        Assert.Equal(9, await host.Get<IFactLog>().ReadAsync("k1-shop", CancellationToken.None).CountAsync());
    }

    internal static async Task CoOwnedScenarioAsync(string? tables)
    {
        using var host = IntegrationHost.Build(new FakeTimeProvider(Now), tables);
        await host.Get<FeedMessageProcessor>().ProcessAsync(new FeedMessage("property-registry", "bdc", "d1", Now, CoOwnedPurchase("k1-wife", "k1-husband")), CancellationToken.None);

        foreach (var (owner, other) in new[] { ("k1-wife", "k1-husband"), ("k1-husband", "k1-wife") })
        {
            var profile = (await host.Get<IProfileStore>().GetAsync(owner, CancellationToken.None))!.Profile;
            var settings = host.Get<RuleCatalog>().Tags;
            Assert.Equal([other], profile.Household(ProfileFolder.ViewOf(profile, settings)));
            Assert.Equal("2", profile.Tag(TagNames.HouseholdSize)!.Value);
            Assert.Equal("ev-property-1", Assert.Single(await host.Get<IFactLog>().ReadAsync(owner, CancellationToken.None).ToListAsync()).Record.EvidenceHash);
        }

        // The co-owner's own person facts, not the first owner's.
        Assert.Equal("41-50", (await host.Get<IProfileStore>().GetAsync("k1-husband", CancellationToken.None))!.Profile.Tag(TagNames.AgeBand)!.Value);
    }

    private static ProvidentFundContribution Month(string customer, YearMonth period, decimal contributionBase) =>
        PepperRotationTests.Month(customer, period, contributionBase) with { EvidenceHash = $"ev-{customer}-{period}" };

    [Fact]
    public Task TwoYearsOfRecords_OldFactsCompactedTagsUnchanged_InMemory() => CompactionScenarioAsync(null);

    internal static async Task CompactionScenarioAsync(string? tables)
    {
        using var host = IntegrationHost.Build(new FakeTimeProvider(Now), tables, new Dictionary<string, string?> { ["Profiles:CompactAfterMonths"] = "3" });
        var months = Enumerable.Range(0, 24).Select(i => Month("k1-long", new YearMonth(2026, 10).AddMonths(-i), i < 12 ? 13_000m : 10_000m)).ToList();
        var consent = PepperRotationTests.Consent("k1-long", Now);
        var started = await host.Get<FeedMessageProcessor>().ProcessBatchAsync([consent, .. months.Select(m => new FeedMessage("provident-fund", "p", "d", Now, m))], CancellationToken.None);

        var profile = (await host.Get<IProfileStore>().GetAsync("k1-long", CancellationToken.None))!.Profile;
        Assert.Equal(new YearMonth(2026, 8), profile.CompactedBefore);
        Assert.Equal(4, profile.Facts.Count); // 2026-08 … 2026-10, and the consent
        Assert.Equal(21, profile.Snapshot.ProvidentFund.Count);

        var settings = host.Get<RuleCatalog>().Tags;
        var uncompacted = ProfileFolder.Fold(CustomerProfile.Empty("k1-long"), months.Select(m => Fact.From(m, Now)).Append(Fact.From(consent.Record, Now)), settings).Profile;
        Assert.Equal(TagEngine.Compute(uncompacted, settings, Now).OrderBy(t => t.Key), TagEngine.Compute(profile, settings, Now).OrderBy(t => t.Key));
        Assert.Equal(25, (await host.Get<IFactLog>().ReadAsync("k1-long", CancellationToken.None).ToListAsync()).Count); // the log keeps everything

        // Base 10,000 → 13,000 a year on: the compacted history still opens IncomeUpgrade.
        Assert.Contains(started.Start, w => w.RuleId == "IncomeUpgrade");
    }

    [Fact]
    public async Task RiskSignal_SuppressesTheOpenMarketingWindow_AndTellsItsWorkflow()
    {
        using var host = IntegrationHost.Build(new FakeTimeProvider(Now));
        var processor = host.Get<FeedMessageProcessor>();
        var raise = Enumerable.Range(0, 13).Select(i => Month("k1-risk", new YearMonth(2026, 9).AddMonths(-i), i == 0 ? 13_000m : 10_000m)).ToList();
        Assert.Empty((await processor.ProcessBatchAsync([PepperRotationTests.Consent("k1-risk", Now), .. raise.Select(m => new FeedMessage("provident-fund", "p", "d", Now, m))], CancellationToken.None)).Closed);
        var upgrade = Assert.Single(await host.Get<IWindowStore>().ListForCustomerAsync("k1-risk", CancellationToken.None).ToListAsync());
        Assert.Equal("IncomeUpgrade", upgrade.RuleId);

        var suspended = Month("k1-risk", new YearMonth(2026, 10), 13_000m) with { Status = ContributionStatus.Suspended };
        var signals = await processor.ProcessAsync(new FeedMessage("provident-fund", "p", "d2", Now, suspended), CancellationToken.None);

        Assert.Equal(WindowState.Suppressed, (await host.Get<IWindowStore>().GetAsync("k1-risk", upgrade.WindowId, CancellationToken.None))!.State);
        Assert.Equal([(upgrade.WindowId, WindowState.Suppressed)], signals.Closed.Select(c => (c.Window.WindowId, c.State)));
        Assert.Contains(await host.Get<IWindowStore>().ListForCustomerAsync("k1-risk", CancellationToken.None).ToListAsync(), w => w.RuleId == "IncomeRisk" && w.State == WindowState.Open);
    }

    /// <summary>
    /// The window rules use a consent source's data only for a customer who allowed it for marketing: the same year of
    /// provident-fund records opens nothing without that consent, nothing with CreditAssessment alone, and the window once
    /// Marketing is granted (whichever arrives first).
    /// </summary>
    [Fact]
    public async Task WindowRules_ProvidentFundDataWithoutMarketingConsentForIt_OpenNoWindowUntilGranted()
    {
        using var host = IntegrationHost.Build(new FakeTimeProvider(Now));
        var processor = host.Get<FeedMessageProcessor>();
        var raise = Enumerable.Range(0, 13).Select(i => Month("k1-consent", new YearMonth(2026, 9).AddMonths(-i), i == 0 ? 13_000m : 10_000m));

        var none = await processor.ProcessBatchAsync([.. raise.Select(m => new FeedMessage("provident-fund", "p", "d", Now, m))], CancellationToken.None);
        var creditOnly = await processor.ProcessAsync(PepperRotationTests.Consent("k1-consent", Now, ConsentPurpose.CreditAssessment), CancellationToken.None);
        Assert.Empty(none.Start);
        Assert.Empty(creditOnly.Start);
        Assert.Empty(await host.Get<IWindowStore>().ListForCustomerAsync("k1-consent", CancellationToken.None).ToListAsync());

        var granted = await processor.ProcessAsync(PepperRotationTests.Consent("k1-consent", Now), CancellationToken.None);

        Assert.Equal("IncomeUpgrade", Assert.Single(granted.Start).RuleId);
    }

    [Fact]
    public void BrokenCatalogFile_StopsStartUpNamingTheProblem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"catalog-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ \"version\": \"v9\", \"colour\": \"red\" }");
        try
        {
            using var host = IntegrationHost.Build(new FakeTimeProvider(Now), extra: new Dictionary<string, string?> { ["Profiles:CatalogPath"] = path });
            var error = Assert.Throws<OptionsValidationException>(() => host.Start());
            Assert.Contains("Profiles:CatalogPath", error.Message, StringComparison.Ordinal);
            Assert.Contains("colour", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class ProfilePipelineOnTablesTests(AzuriteFixture azurite)
{
    [Fact]
    public Task CoOwnedProperty_FoldsIntoEveryOwnersProfile_OnTables() => ProfilePipelineTests.CoOwnedScenarioAsync(azurite.ConnectionString);

    [Fact]
    public Task TwoYearsOfRecords_OldFactsCompactedTagsUnchanged_OnTables() => ProfilePipelineTests.CompactionScenarioAsync(azurite.ConnectionString);
}
