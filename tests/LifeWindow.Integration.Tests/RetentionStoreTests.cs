using LifeWindow.Integration.Outbox;

namespace LifeWindow.Integration.Tests;

/// <summary>
/// Each store's retention on both backends: what is older than the cutoff and finished goes; what is newer, or still in
/// progress however old (an open window, a pending delivery), stays.
/// </summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class RetentionStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Cutoff = Now.AddDays(-100);

    public static TheoryData<string> Backends => new() { "memory", "tables" };

    private LifeWindowTables? Tables(string backend) =>
        backend == "tables" ? new(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t")) : null;

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task FactsAndWindows_OlderThanTheCutoff_GoUnlessOpen(string backend)
    {
        var tables = Tables(backend);
        IFactLog facts = tables is null ? new InMemoryFactLog() : new TableFactLog(tables);
        IWindowStore windows = tables is null ? new InMemoryWindowStore() : new TableWindowStore(tables);
        await facts.AppendAsync(Fact("old"), Cutoff.AddDays(-1), CancellationToken.None);
        await facts.AppendAsync(Fact("new"), Cutoff.AddDays(1), CancellationToken.None);
        var closedOld = Window("closed-old", Cutoff.AddDays(-1), WindowState.Expired);
        var openOld = Window("open-old", Cutoff.AddDays(-1), WindowState.Open);
        var closedNew = Window("closed-new", Cutoff.AddDays(1), WindowState.Suppressed);
        foreach (var window in new[] { closedOld, openOld, closedNew })
        {
            Assert.True(await windows.TryAddAsync(window, CancellationToken.None));
        }

        Assert.Equal(1, await facts.PurgeAsync(Cutoff, CancellationToken.None));
        Assert.Equal(1, await windows.PurgeAsync(Cutoff, CancellationToken.None));

        Assert.Equal(["ev-new"], (await facts.ReadAsync("k1-ret", CancellationToken.None).ToListAsync()).Select(f => f.Record.EvidenceHash));
        Assert.Equal(
            new[] { openOld.WindowId, closedNew.WindowId }.Order(StringComparer.Ordinal),
            (await windows.ListForCustomerAsync("k1-ret", CancellationToken.None).ToListAsync()).Select(w => w.WindowId).Order(StringComparer.Ordinal));
        Assert.Equal(0, await facts.PurgeAsync(Cutoff, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task LeadsAndOutbox_OlderThanTheCutoff_GoUnlessTheDeliveryIsStillPending(string backend)
    {
        var tables = Tables(backend);
        ILeadStore leads = tables is null ? new InMemoryLeadStore() : new TableLeadStore(tables);
        ILeadOutbox outbox = tables is null ? new InMemoryLeadOutbox(leads) : new TableLeadOutbox(tables);
        var sentOld = await EnqueueAsync(outbox, "sent-old", Cutoff.AddDays(-1), OutboxStatus.Sent);
        var pendingOld = await EnqueueAsync(outbox, "pending-old", Cutoff.AddDays(-1), OutboxStatus.Pending);
        var sentNew = await EnqueueAsync(outbox, "sent-new", Cutoff.AddDays(1), OutboxStatus.Sent);

        Assert.Equal(1, await outbox.PurgeAsync(Cutoff, CancellationToken.None));
        Assert.Equal(2, await leads.PurgeAsync(Cutoff, CancellationToken.None));

        Assert.Null(await outbox.GetAsync("k1-ret", sentOld.LeadId, LeadEventKind.Created, CancellationToken.None));
        Assert.Equal(OutboxStatus.Pending, (await outbox.GetAsync("k1-ret", pendingOld.LeadId, LeadEventKind.Created, CancellationToken.None))!.Status);
        Assert.NotNull(await outbox.GetAsync("k1-ret", sentNew.LeadId, LeadEventKind.Created, CancellationToken.None));
        Assert.Equal([sentNew.LeadId], (await leads.ListForCustomerAsync("k1-ret", CancellationToken.None).ToListAsync()).Select(r => r.Lead.LeadId));
    }

    private static async Task<Lead> EnqueueAsync(ILeadOutbox outbox, string name, DateTimeOffset at, OutboxStatus status)
    {
        var lead = new Lead
        {
            LeadId = Lead.IdFor("w-" + name), WindowId = "w-" + name, CustomerKey = "k1-ret", RuleId = "LumpSumInflow", CatalogVersion = "v1",
            OfferId = "WealthOutreach", OfferName = "财富客户经理外呼", Script = "您好", Reasons = ["r"], Evidence = ["ev"], CreatedAt = at, RespondBy = at.AddDays(7),
        };
        var (_, entry) = await outbox.EnqueueLeadAsync(lead, at, CancellationToken.None);
        if (status != OutboxStatus.Pending)
        {
            Assert.NotNull(await outbox.TryUpdateAsync(entry with { Status = status, SentAt = at }, CancellationToken.None));
        }

        return lead;
    }

    private static ConsentRecord Fact(string name) => new()
    {
        RecordId = "CS-" + name, CustomerKey = "k1-ret", EvidenceHash = "ev-" + name, Purpose = ConsentPurpose.Marketing,
        Source = ConsentSource.ProvidentFund, Action = ConsentAction.Granted, EvidenceId = "esign-" + name, At = Now,
    };

    private static Window Window(string anchor, DateTimeOffset closesAt, WindowState state) => new()
    {
        WindowId = Domain.Windows.Window.IdFor("k1-ret", "IncomeUpgrade", anchor),
        CustomerKey = "k1-ret",
        RuleId = "IncomeUpgrade",
        Anchor = anchor,
        CatalogVersion = "v1",
        OpensAt = closesAt.AddDays(-30),
        ClosesAt = closesAt,
        State = state,
        Priority = 50,
        CoolOffDays = 90,
        CandidateOffers = ["WealthOutreach"],
        Evidence = ["e1"],
        Reasons = ["r"],
    };
}
