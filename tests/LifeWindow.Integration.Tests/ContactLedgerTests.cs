using LifeWindow.Domain.Contact;

namespace LifeWindow.Integration.Tests;

/// <summary>Contact decisions taken in the ledger: caps hold under concurrency, a window's decision is taken once, declines start the cool-off.</summary>
public class ContactLedgerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 24, 4, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<ConsentState> Consents = [new(ConsentPurpose.Marketing, ConsentSource.ProvidentFund, null, ConsentAction.Granted, Noon.AddDays(-10), "e", "f")];

    internal static Task<ContactDecision> Ask(IContactLedger ledger, string customer, string window, string offer) =>
        ledger.DecideAsync(
            customer,
            new ContactEntry(window, offer, OfferKind.Credit, true, Noon, new ContactDecision(ContactVerdict.Allowed, string.Empty)),
            entries => ContactRules.Decide(offer, true, Consents, false, ContactEntry.Counted(entries), Noon, ContactPolicy.Default),
            CancellationToken.None);

    internal static async Task ConcurrentWindowsScenarioAsync(IContactLedger ledger)
    {
        var decisions = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => Ask(ledger, "k1-busy", $"w-{i}", $"O{i}"))));

        Assert.Equal(2, decisions.Count(d => d.Verdict == ContactVerdict.Allowed)); // at most 2 marketing contacts per 30 days
        Assert.All(decisions.Where(d => d.Verdict != ContactVerdict.Allowed), d => Assert.StartsWith("MarketingCap", d.Reason, StringComparison.Ordinal));
        var entries = await ledger.ReadAsync("k1-busy", CancellationToken.None);
        Assert.Equal(6, entries.Count);

        // Asking again for a window returns the decision already taken, and adds nothing.
        var first = entries.First(e => e.Counts);
        Assert.Equal(first.Decision, await Ask(ledger, "k1-busy", first.WindowId, first.OfferId));
        Assert.Equal(6, (await ledger.ReadAsync("k1-busy", CancellationToken.None)).Count);

        // A decline starts the product's cool-off.
        await ledger.RecordDeclineAsync("k1-busy", first.WindowId, CancellationToken.None);
        var again = await Ask(ledger, "k1-busy", "w-later", first.OfferId);
        Assert.StartsWith("DeclineCoolOff", again.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public Task Decide_SixWindowsAtOnce_OnlyTwoMarketingContacts_InMemory() => ConcurrentWindowsScenarioAsync(new InMemoryContactLedger());
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class ContactLedgerOnTablesTests(AzuriteFixture azurite)
{
    [Fact]
    public Task Decide_SixWindowsAtOnce_OnlyTwoMarketingContacts_OnTables() =>
        ContactLedgerTests.ConcurrentWindowsScenarioAsync(new TableContactLedger(new LifeWindowTables(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t"))));
}
