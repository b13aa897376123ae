using Azure.Storage.Queues;
using LifeWindow.Integration.Webhooks;

namespace LifeWindow.Integration.Tests;

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class TableStorageTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    private LifeWindowTables Tables() => new(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t"));

    internal static Window SampleWindow(string customer) => new()
    {
        WindowId = Window.IdFor(customer, "IncomeUpgrade", "pf:2026-10"),
        CustomerKey = customer,
        RuleId = "IncomeUpgrade",
        Anchor = "pf:2026-10",
        CatalogVersion = "v1",
        OpensAt = Now,
        ClosesAt = Now.AddDays(30),
        Priority = 50,
        CoolOffDays = 90,
        CandidateOffers = ["LimitUpgradeReview"],
        Evidence = ["e1", "e2"],
        Reasons = ["公积金缴存基数同比上涨24%"],
    };

    [Fact]
    public async Task ProfileStore_ConcurrentWritersFromTheSameVersion_SecondGetsConflict()
    {
        var store = new TableProfileStore(Tables());
        var profile = CustomerProfile.Empty("k1-p1") with { UpdatedAt = Now, Tags = new Dictionary<string, Tag> { ["IncomeStable"] = new("IncomeStable", "true", new DateOnly(2026, 9, 1)) } };
        await store.SaveAsync(profile, null, CancellationToken.None);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(profile, null, CancellationToken.None));

        var read = await store.GetAsync("k1-p1", CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal("true", read.Profile.Tag("IncomeStable")!.Value);

        await store.SaveAsync(read.Profile with { UpdatedAt = Now.AddMinutes(1) }, read, CancellationToken.None);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.SaveAsync(read.Profile, read, CancellationToken.None));
        Assert.Null(await store.GetAsync("k1-nobody", CancellationToken.None));
    }

    [Fact]
    public async Task ProfileStore_RoundTripsFacts()
    {
        var store = new TableProfileStore(Tables());
        var record = PepperRotationTests.Month("k1-p2", new YearMonth(2026, 10), 18600.55m);
        await store.SaveAsync(ProfileFolder.Fold(CustomerProfile.Empty("k1-p2"), record, Now, Settings).Profile, null, CancellationToken.None);

        var read = (await store.GetAsync("k1-p2", CancellationToken.None))!.Profile;
        Assert.Equal(record, Assert.Single(read.Facts).Record);
        Assert.Equal(18600.55m, read.Tag("MonthlyIncome")!.Number);
    }

    private static readonly TagSettings Settings = RuleCatalogLoader.LoadDefault().Tags;

    /// <summary><paramref name="months"/> months of contributions ending 2026-10 for one customer.</summary>
    private static IEnumerable<ProvidentFundContribution> Months(string customer, int months) =>
        Enumerable.Range(0, months).Select(i => PepperRotationTests.Month(customer, new YearMonth(2026, 10).AddMonths(-i), 10_000m + (i * 10m)) with { EvidenceHash = $"ev-{customer}-{i}" });

    [Fact]
    public async Task ProfileStore_ManyFactsThenCompaction_OneRowPerFactAndCompactedRowsRemoved()
    {
        var tables = Tables();
        var store = new TableProfileStore(tables);
        // 300 facts: more than one entity-group transaction holds.
        var profile = ProfileFolder.Fold(CustomerProfile.Empty("k1-p3"), Months("k1-p3", 300).Select(r => Fact.From(r, Now)), Settings).Profile;
        await store.SaveAsync(profile, null, CancellationToken.None);

        var read = (await store.GetAsync("k1-p3", CancellationToken.None))!;
        Assert.Equal(300, read.Profile.Facts.Count);
        Assert.Equal(300, read.StoredFacts.Count);
        Assert.Equal(profile.Tags.OrderBy(t => t.Key), read.Profile.Tags.OrderBy(t => t.Key));

        var compacted = ProfileFolder.Compact(read.Profile, Settings, new YearMonth(2026, 8), new YearMonth(2000, 1)).Profile;
        await store.SaveAsync(compacted, read, CancellationToken.None);

        var after = (await store.GetAsync("k1-p3", CancellationToken.None))!;
        Assert.Equal(3, after.Profile.Facts.Count);
        Assert.Equal(3, after.StoredFacts.Count);
        Assert.Equal(297, after.Profile.Snapshot.ProvidentFund.Count); // spills over several Json properties
        var rows = await tables.GetAsync(LifeWindowTables.Profiles, CancellationToken.None);
        var head = (await rows.GetEntityAsync<TableEntity>(TableShards.Of("k1-p3"), "k1-p3|profile")).Value;
        Assert.True(head.ContainsKey("Json1"));
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(ProfileFolder.ViewOf(profile, Settings)),
            System.Text.Json.JsonSerializer.Serialize(ProfileFolder.ViewOf(after.Profile, Settings)));
    }

    [Fact]
    public async Task ProfileStore_RowLeftBehindByAnInterruptedCompaction_IsIgnoredAndRemovedByTheNextSave()
    {
        var tables = Tables();
        var store = new TableProfileStore(tables);
        var full = ProfileFolder.Fold(CustomerProfile.Empty("k1-p4"), Months("k1-p4", 6).Select(r => Fact.From(r, Now)), Settings).Profile;
        await store.SaveAsync(full, null, CancellationToken.None);
        var read = (await store.GetAsync("k1-p4", CancellationToken.None))!;

        // The head commits the compaction, but the process dies before the old rows are deleted.
        var compacted = ProfileFolder.Compact(read.Profile, Settings, new YearMonth(2026, 9), new YearMonth(2000, 1)).Profile;
        await store.SaveAsync(compacted, read with { StoredFacts = [.. read.StoredFacts.Where(r => r.Contains("202610", StringComparison.Ordinal) || r.Contains("202609", StringComparison.Ordinal))] }, CancellationToken.None);
        var table = await tables.GetAsync(LifeWindowTables.Profiles, CancellationToken.None);
        Assert.Equal(7, await table.QueryAsync<TableEntity>(TableShards.CustomerFilter("k1-p4")).CountAsync());

        var afterCrash = (await store.GetAsync("k1-p4", CancellationToken.None))!;
        Assert.Equal(2, afterCrash.Profile.Facts.Count); // the four stale rows are not read as facts
        Assert.Equal(6, afterCrash.StoredFacts.Count);

        await store.SaveAsync(afterCrash.Profile with { UpdatedAt = Now.AddMinutes(1) }, afterCrash, CancellationToken.None);
        Assert.Equal(3, await table.QueryAsync<TableEntity>(TableShards.CustomerFilter("k1-p4")).CountAsync());
    }

    [Fact]
    public async Task WindowStore_SameWindowTwice_IsAddedOnceAndStateChanges()
    {
        var store = new TableWindowStore(Tables());
        var window = SampleWindow("k1-w1");
        Assert.True(await store.TryAddAsync(window, CancellationToken.None));
        Assert.False(await store.TryAddAsync(window with { Priority = 1 }, CancellationToken.None));

        await store.SetStateAsync("k1-w1", window.WindowId, WindowState.Acted, Now.AddDays(1), CancellationToken.None);
        var read = await store.GetAsync("k1-w1", window.WindowId, CancellationToken.None);
        Assert.Equal(WindowState.Acted, read!.State);
        Assert.Equal(50, read.Priority);
        Assert.Equal(window.Reasons, read.Reasons);
        Assert.Single(await store.ListAsync(CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task LeadStore_SecondSaveKeepsTheFirstTextAndOutcomeIsRecorded()
    {
        var store = new TableLeadStore(Tables());
        var lead = new Lead
        {
            LeadId = Lead.IdFor("w-1"), WindowId = "w-1", CustomerKey = "k1-l1", RuleId = "IncomeUpgrade", CatalogVersion = "v1",
            OfferId = "LimitUpgradeReview", OfferName = "信用额度提升评估", Script = "first text", Reasons = ["r"], Evidence = ["e"],
            CreatedAt = Now, RespondBy = Now.AddDays(30),
        };

        Assert.Equal("first text", (await store.SaveAsync(lead, CancellationToken.None)).Script);
        Assert.Equal("first text", (await store.SaveAsync(lead with { Script = "second text" }, CancellationToken.None)).Script);

        await store.RecordOutcomeAsync("k1-l1", lead.LeadId, LeadOutcome.Declined, Now.AddDays(2), CancellationToken.None);
        var read = await store.GetAsync("k1-l1", lead.LeadId, CancellationToken.None);
        Assert.Equal(LeadOutcome.Declined, read!.Outcome);
        Assert.Equal(Now.AddDays(2), read.OutcomeAt);
        Assert.Equal("first text", read.Lead.Script);

        // The customer's contact history: their leads only, oldest first, outcomes included.
        await store.SaveAsync(lead with { LeadId = Lead.IdFor("w-0"), WindowId = "w-0", CreatedAt = Now.AddDays(-40), OfferKind = OfferKind.Wealth }, CancellationToken.None);
        await store.SaveAsync(lead with { LeadId = Lead.IdFor("w-9"), WindowId = "w-9", CustomerKey = "k1-other" }, CancellationToken.None);
        var history = await store.ListForCustomerAsync("k1-l1", CancellationToken.None).ToListAsync();
        Assert.Equal([Lead.IdFor("w-0"), lead.LeadId], history.Select(h => h.Lead.LeadId));
        Assert.Equal(OfferKind.Wealth, history[0].Lead.OfferKind);
        Assert.Equal(LeadOutcome.Declined, history[1].Outcome);
    }

    [Fact]
    public async Task WebhookLedger_ClaimCompleteReplayAndExpiredLease()
    {
        var ledger = new TableWebhookLedger(Tables());
        var lease = TimeSpan.FromMinutes(2);
        const string id = "msg/with?odd#chars";

        Assert.Equal(ClaimStatus.Claimed, (await ledger.TryClaimAsync("pf", id, Now, lease, CancellationToken.None)).Status);
        Assert.Equal(ClaimStatus.InProgress, (await ledger.TryClaimAsync("pf", id, Now.AddSeconds(30), lease, CancellationToken.None)).Status);
        Assert.Equal(ClaimStatus.Claimed, (await ledger.TryClaimAsync("pf", id, Now.AddMinutes(3), lease, CancellationToken.None)).Status);

        await ledger.CompleteAsync("pf", id, new StoredResponse(202, "application/json", "{\"ok\":true}"), Now.AddMinutes(3), CancellationToken.None);
        var replay = await ledger.TryClaimAsync("pf", id, Now.AddMinutes(4), lease, CancellationToken.None);
        Assert.Equal(ClaimStatus.Completed, replay.Status);
        Assert.Equal(new StoredResponse(202, "application/json", "{\"ok\":true}"), replay.Response);

        Assert.Equal(ClaimStatus.Claimed, (await ledger.TryClaimAsync("other-scope", id, Now, lease, CancellationToken.None)).Status);
        await ledger.ReleaseAsync("other-scope", id, CancellationToken.None);
        Assert.Equal(ClaimStatus.Claimed, (await ledger.TryClaimAsync("other-scope", id, Now, lease, CancellationToken.None)).Status);

        Assert.Equal(0, await ledger.PurgeAsync(Now.AddMinutes(-1), CancellationToken.None));
        Assert.Equal(2, await ledger.PurgeAsync(Now.AddDays(2), CancellationToken.None));
        Assert.Equal(ClaimStatus.Claimed, (await ledger.TryClaimAsync("pf", id, Now.AddDays(3), lease, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task StorageQueueStream_PublishedMessage_IsBase64JsonTheQueueTriggerCanRead()
    {
        var queue = new QueueClient(azurite.ConnectionString, AzuriteFixture.UniqueName("q"), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var message = new FeedMessage("provident-fund", "gjj", "msg_1", Now, new ProvidentFundContribution
        {
            RecordId = "r1", CustomerKey = "k1-q", EvidenceHash = "e1", Person = new PersonFacts("31-40", "Male", Residency.Local),
            Period = new YearMonth(2026, 10), Employer = new Employer("x", TestData.Uscc, EmployerSector.SOE),
            ContributionBase = 1m, EmployeeRate = 0.07m, EmployerRate = 0.07m, Status = ContributionStatus.Normal, Balance = 2m,
        });

        await new StorageQueueFeedStream(queue).PublishAsync(message, CancellationToken.None);

        var raw = new QueueClient(azurite.ConnectionString, queue.Name);
        var received = (await raw.ReceiveMessageAsync()).Value;
        var json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(received.MessageText));
        Assert.Equal(message, FeedMessageJson.Deserialize(json));
    }
}
