using LifeWindow.Domain.Contact;
using LifeWindow.Integration.Privacy;

namespace LifeWindow.Integration.Tests;

/// <summary>
/// Each store's part of an erasure on both backends: everything of one customer goes, another customer's rows stay;
/// and the erasure receipts are kept and listed oldest first.
/// </summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class ErasureStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Backends => new() { "memory", "tables" };

    private LifeWindowTables Tables() => new(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t"));

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task WindowsAndMatchIndex_EraseOneCustomer_OthersStay(string backend)
    {
        var tables = backend == "tables" ? Tables() : null;
        IWindowStore windows = tables is null ? new InMemoryWindowStore() : new TableWindowStore(tables);
        IMatchIndex index = tables is null ? new InMemoryMatchIndex() : new TableMatchIndex(tables);
        foreach (var (customer, anchor) in new[] { ("k1-gone", "a1"), ("k1-gone", "a2"), ("k1-stays", "a1") })
        {
            Assert.True(await windows.TryAddAsync(Window(customer, anchor), CancellationToken.None));
        }

        await index.AddAsync([new MatchToken("meituan", MatchKind.Phone, "t1", "k1-gone"), new MatchToken("jd", MatchKind.Id, "t2", "k1-gone"), new MatchToken("meituan", MatchKind.Phone, "t3", "k1-stays")], CancellationToken.None);

        Assert.Equal(2, await ((ICustomerDataEraser)windows).EraseCustomerAsync("k1-gone", CancellationToken.None));
        Assert.Equal(2, await ((ICustomerDataEraser)index).EraseCustomerAsync("k1-gone", CancellationToken.None));

        Assert.Empty(await windows.ListForCustomerAsync("k1-gone", CancellationToken.None).ToListAsync());
        Assert.Single(await windows.ListForCustomerAsync("k1-stays", CancellationToken.None).ToListAsync());
        Assert.Null(await index.FindAsync("meituan", MatchKind.Phone, "t1", CancellationToken.None));
        Assert.Null(await index.FindAsync("jd", MatchKind.Id, "t2", CancellationToken.None));
        Assert.Equal("k1-stays", await index.FindAsync("meituan", MatchKind.Phone, "t3", CancellationToken.None));
        Assert.Equal(0, await ((ICustomerDataEraser)windows).EraseCustomerAsync("k1-gone", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task ContactsAndDeadLetters_EraseOneCustomer_OthersStay(string backend)
    {
        var tables = backend == "tables" ? Tables() : null;
        IContactLedger ledger = tables is null ? new InMemoryContactLedger() : new TableContactLedger(tables);
        IDoNotDisturbList doNotDisturb = tables is null ? new InMemoryDoNotDisturbList() : new TableDoNotDisturbList(tables);
        IDeadLetterStore letters = tables is null ? new InMemoryDeadLetterStore() : new TableDeadLetterStore(tables);
        foreach (var customer in new[] { "k1-gone", "k1-stays" })
        {
            var entry = new ContactEntry("w-" + customer, "WealthOutreach", OfferKind.Wealth, true, Now, new ContactDecision(ContactVerdict.Allowed, "ok"));
            await ledger.DecideAsync(customer, entry, _ => entry.Decision, CancellationToken.None);
            await doNotDisturb.PutAsync(new DoNotDisturbEntry(customer, "complaint", "ops-1", Now), CancellationToken.None);
        }

        var letter = Letter("dl-a");
        await letters.AddAsync(letter, CancellationToken.None);
        await letters.AddAsync(Letter("dl-b"), CancellationToken.None);

        var erased = await ((ICustomerDataEraser)ledger).EraseCustomerAsync("k1-gone", CancellationToken.None);
        erased += await doNotDisturb.RemoveAsync("k1-gone", CancellationToken.None) ? 1 : 0;

        Assert.Equal(2, erased); // one ledger entry and one do-not-disturb entry, whichever store held which
        Assert.Empty(await ledger.ReadAsync("k1-gone", CancellationToken.None));
        Assert.Null(await doNotDisturb.GetAsync("k1-gone", CancellationToken.None));
        Assert.Single(await ledger.ReadAsync("k1-stays", CancellationToken.None));
        Assert.NotNull(await doNotDisturb.GetAsync("k1-stays", CancellationToken.None));
        Assert.True(await letters.DeleteAsync(letter.Id, CancellationToken.None));
        Assert.False(await letters.DeleteAsync(letter.Id, CancellationToken.None));
        Assert.Equal(["dl-b"], (await letters.ListAsync(null, null, CancellationToken.None).ToListAsync()).Select(l => l.DeliveryId));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task FactLog_ForgetASourcesRecordTypes_OnlyThoseOfThatCustomerGo(string backend)
    {
        var tables = backend == "tables" ? Tables() : null;
        IFactLog facts = tables is null ? new InMemoryFactLog() : new TableFactLog(tables);
        foreach (var customer in new[] { "k1-forget", "k1-keep" })
        {
            await facts.AppendAsync(Contribution(customer), Now, CancellationToken.None);
            await facts.AppendAsync(new ConsentRecord { RecordId = "CS-" + customer, CustomerKey = customer, EvidenceHash = "ev-cs-" + customer, Purpose = ConsentPurpose.Marketing, Source = ConsentSource.ProvidentFund, Action = ConsentAction.Withdrawn, EvidenceId = "e", At = Now }, Now, CancellationToken.None);
        }

        Assert.Equal(1, await facts.DeleteRecordTypesAsync("k1-forget", [typeof(ProvidentFundContribution), typeof(TaxInvoice)], CancellationToken.None));

        Assert.IsType<ConsentRecord>(Assert.Single(await facts.ReadAsync("k1-forget", CancellationToken.None).ToListAsync()).Record);
        Assert.Equal(2, (await facts.ReadAsync("k1-keep", CancellationToken.None).ToListAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task ErasureLog_KeepsReceiptsOldestFirst(string backend)
    {
        IErasureLog log = backend == "tables" ? new TableErasureLog(Tables()) : new InMemoryErasureLog();
        var first = new ErasureReceipt(ErasureReceipt.NewId(Now), ErasureReceipt.HashOf("k1-a"), Now, "ops-1", "DSR-1", new Dictionary<string, int> { ["windows"] = 2 }, ["credit records"]);
        var second = first with { ErasureId = ErasureReceipt.NewId(Now.AddMinutes(1)), KeyHash = ErasureReceipt.HashOf("k1-b"), Reason = "DSR-2" };
        await log.RecordAsync(first, CancellationToken.None);
        await log.RecordAsync(second, CancellationToken.None);

        var receipts = await log.ListAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(["DSR-1", "DSR-2"], receipts.Select(r => r.Reason));
        Assert.Equal(2, receipts[0].Erased["windows"]);
        Assert.Equal(64, receipts[0].KeyHash.Length);
        Assert.DoesNotContain("k1-a", System.Text.Json.JsonSerializer.Serialize(receipts[0], LifeWindowJson.Options), StringComparison.Ordinal);
    }

    private static Window Window(string customer, string anchor) => new()
    {
        WindowId = Domain.Windows.Window.IdFor(customer, "IncomeUpgrade", anchor),
        CustomerKey = customer,
        RuleId = "IncomeUpgrade",
        Anchor = anchor,
        CatalogVersion = "v1",
        OpensAt = Now,
        ClosesAt = Now.AddDays(30),
        Priority = 50,
        CoolOffDays = 90,
        CandidateOffers = ["WealthOutreach"],
        Evidence = ["e1"],
        Reasons = ["r"],
    };

    private static ProvidentFundContribution Contribution(string customer) => new()
    {
        RecordId = "GJJ-" + customer, CustomerKey = customer, EvidenceHash = "ev-gjj-" + customer, Period = new YearMonth(2026, 10),
        Employer = new Employer("上海某科技有限公司", "91310000MA1FL0000X", EmployerSector.Private), ContributionBase = 18_000m,
        EmployeeRate = 0.07m, EmployerRate = 0.07m, Status = ContributionStatus.Normal, Balance = 50_000m,
    };

    private static DeadLetter Letter(string deliveryId) => new()
    {
        Id = DeadLetterIds.New(Now),
        Feed = "provident-fund",
        Partner = "gjj_shanghai",
        Mode = IngressMode.Webhook,
        DeliveryId = deliveryId,
        Path = "data",
        Reason = "bad",
        EvidenceHash = "ev-" + deliveryId,
        ReceivedAt = Now,
        ProtectedPayload = "x",
    };
}
