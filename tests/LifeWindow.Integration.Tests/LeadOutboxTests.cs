using LifeWindow.Integration.Outbox;

namespace LifeWindow.Integration.Tests;

/// <summary>The lead outbox in Table storage: one transaction for lead and entry, idempotent, ETag-guarded, kept apart from lead listings.</summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class LeadOutboxTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);

    private static Lead Lead(string window, string customer = "k1-outbox") => new()
    {
        LeadId = Domain.Leads.Lead.IdFor(window), WindowId = window, CustomerKey = customer, RuleId = "LumpSumInflow", CatalogVersion = "v1",
        OfferId = "WealthOutreach", OfferName = "财富客户经理外呼", Script = "您好", Reasons = ["a 25万 inflow"], Evidence = ["ev"],
        CreatedAt = Now, RespondBy = Now.AddDays(7),
    };

    [Fact]
    public async Task EnqueueLeadAsync_Twice_StoresOneLeadAndOneEntryWhoseETagGuardsUpdates()
    {
        var tables = new LifeWindowTables(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t"));
        var outbox = new TableLeadOutbox(tables);
        var leads = new TableLeadStore(tables);

        var (stored, entry) = await outbox.EnqueueLeadAsync(Lead("w-1"), Now, CancellationToken.None);
        var (again, sameEntry) = await outbox.EnqueueLeadAsync(Lead("w-1") with { Script = "another text" }, Now.AddMinutes(1), CancellationToken.None);

        Assert.Equal("您好", again.Script); // first write wins
        Assert.Equal((OutboxStatus.Pending, Now), (sameEntry.Status, sameEntry.CreatedAt));
        Assert.Equal(entry.ETag, sameEntry.ETag);
        Assert.Single(await leads.ListAsync(CancellationToken.None).ToListAsync());
        Assert.Single(await leads.ListForCustomerAsync("k1-outbox", CancellationToken.None).ToListAsync());

        // The ETag from the transaction is the row's: an update with it goes through, a second with the same fails.
        var updated = await outbox.TryUpdateAsync(entry with { Attempts = 1, NextAttemptAt = Now.AddMinutes(2) }, CancellationToken.None);
        Assert.NotNull(updated);
        Assert.NotEqual(entry.ETag, updated.ETag);
        Assert.Null(await outbox.TryUpdateAsync(entry with { Attempts = 1, NextAttemptAt = Now.AddMinutes(3) }, CancellationToken.None));

        Assert.Empty(await outbox.ListDueAsync(Now.AddMinutes(1), 10, CancellationToken.None));
        var due = Assert.Single(await outbox.ListDueAsync(Now.AddMinutes(2), 10, CancellationToken.None));
        Assert.Equal((stored.LeadId, 1), (due.LeadId, due.Attempts));
        Assert.Equal(due.EventId, (await outbox.FindAsync(stored.LeadId, LeadEventKind.Created, CancellationToken.None))!.EventId);

        Assert.Equal(updated.ETag, due.ETag);
        var parked = await outbox.TryUpdateAsync(due with { Status = OutboxStatus.Parked, LastError = "400 no" }, CancellationToken.None);
        Assert.Equal(parked!.ETag, (await outbox.GetAsync(due.CustomerKey, due.LeadId, LeadEventKind.Created, CancellationToken.None))!.ETag);
        Assert.Single(await outbox.ListAsync(OutboxStatus.Parked, CancellationToken.None).ToListAsync());
        Assert.Empty(await outbox.ListDueAsync(Now.AddDays(1), 10, CancellationToken.None));

        var withdrawal = await outbox.EnqueueWithdrawalAsync(stored, "WindowSuppressed: risk", Now, CancellationToken.None);
        Assert.Equal(stored.LeadId + ":withdrawn", withdrawal.EventId);
        Assert.Equal(withdrawal.ETag, (await outbox.EnqueueWithdrawalAsync(stored, "again", Now, CancellationToken.None)).ETag);
        Assert.Equal(2, (await outbox.ListAsync(null, CancellationToken.None).ToListAsync()).Count);
    }
}
