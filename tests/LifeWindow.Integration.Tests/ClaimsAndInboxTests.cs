using LifeWindow.Domain.Claims;
using LifeWindow.Integration.Claims;
using LifeWindow.Integration.Privacy;

namespace LifeWindow.Integration.Tests;

/// <summary>Group claims and the lead inbox on both backends; the router puts a lead in the inbox of the oldest claim on the customer's groups.</summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class ClaimsAndInboxTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Backends => new() { "memory", "tables" };

    private LifeWindowTables Tables() => new(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t"));

    private IGroupClaimStore Claims(string backend) => backend == "memory" ? new InMemoryGroupClaimStore() : new TableGroupClaimStore(Tables());

    private ILeadInbox Inbox(string backend) => backend == "memory" ? new InMemoryLeadInbox() : new TableLeadInbox(Tables());

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Claim_SecondRmGetsTheStandingClaim_ReplaceAndReleaseWork(string backend)
    {
        var claims = Claims(backend);
        var first = await claims.ClaimAsync(new GroupClaim("Scene:Travel", "rm.zhang", "rm.zhang", Now), replace: false, CancellationToken.None);
        var second = await claims.ClaimAsync(new GroupClaim("Scene:Travel", "rm.chen", "rm.chen", Now.AddMinutes(1)), replace: false, CancellationToken.None);
        Assert.Equal("rm.zhang", first.RmId);
        Assert.Equal(first, second);

        await claims.ClaimAsync(new GroupClaim("Scene:Travel", "rm.chen", "manager.sun", Now.AddMinutes(2)), replace: true, CancellationToken.None);
        await claims.ClaimAsync(new GroupClaim("CustomerGroup:Salaried", "rm.zhang", "rm.zhang", Now.AddMinutes(3)), replace: false, CancellationToken.None);
        Assert.Equal([("Scene:Travel", "rm.chen", "manager.sun"), ("CustomerGroup:Salaried", "rm.zhang", "rm.zhang")],
            (await claims.ListAsync(CancellationToken.None).ToListAsync()).Select(c => (c.GroupId, c.RmId, c.ClaimedBy)));

        Assert.True(await claims.ReleaseAsync("Scene:Travel", CancellationToken.None));
        Assert.False(await claims.ReleaseAsync("Scene:Travel", CancellationToken.None));
        Assert.Single(await claims.ListAsync(CancellationToken.None).ToListAsync());
    }

    /// <summary>Two RMs claiming the same group at once: exactly one holds it, and both are told who.</summary>
    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Claim_RacingRms_OneWins(string backend)
    {
        var claims = Claims(backend);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            claims.ClaimAsync(new GroupClaim("AumTier:From50kTo100k", $"rm.{i}", $"rm.{i}", Now.AddSeconds(i)), replace: false, CancellationToken.None)));
        var held = Assert.Single(await claims.ListAsync(CancellationToken.None).ToListAsync());
        Assert.All(answers, a => Assert.Equal(held.RmId, a.RmId));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Inbox_FirstRoutingStands_ReplaceKeepsContact_EraseForgetsTheCustomer(string backend)
    {
        var inbox = Inbox(backend);
        var entry = new InboxEntry("lead-w-1", "k1-a", "rm.zhang", "Scene:Travel", 123_456.78m, Now);
        Assert.Equal(entry, await inbox.AddAsync(entry, CancellationToken.None));
        Assert.Equal(entry, await inbox.AddAsync(entry with { RmId = "rm.chen" }, CancellationToken.None));
        await inbox.ReplaceAsync(entry with { ContactedAt = Now.AddHours(1) }, CancellationToken.None);
        await inbox.AddAsync(new InboxEntry("lead-w-2", "k1-b", null, null, null, Now), CancellationToken.None);

        Assert.Equal(entry with { ContactedAt = Now.AddHours(1) }, await inbox.GetAsync("lead-w-1", CancellationToken.None));
        Assert.Equal(2, (await inbox.ListAsync(CancellationToken.None).ToListAsync()).Count);
        Assert.Equal(1, await ((ICustomerDataEraser)inbox).EraseCustomerAsync("k1-a", CancellationToken.None));
        Assert.Null(await inbox.GetAsync("lead-w-1", CancellationToken.None));
        Assert.NotNull(await inbox.GetAsync("lead-w-2", CancellationToken.None));
    }

    [Fact]
    public async Task Router_ALeadOfAClaimedGroup_GoesToThatRm_OtherwiseWaitsUnassigned()
    {
        var catalog = RuleCatalogLoader.LoadDefault();
        var profiles = new InMemoryProfileStore();
        var claims = new InMemoryGroupClaimStore();
        var inbox = new InMemoryLeadInbox();
        var salaried = PepperRotationTests.Month("k1-a", new YearMonth(2026, 11), 20_000m);
        var fold = ProfileFolder.Fold(CustomerProfile.Empty("k1-a"), salaried, Now, catalog.Tags);
        await profiles.SaveAsync(fold.Profile, null, CancellationToken.None);
        var router = new LeadRouter(profiles, claims, inbox, catalog);

        var unclaimed = await router.RouteAsync(Lead("lead-w-a1", "k1-a"), CancellationToken.None);
        Assert.Null(unclaimed.RmId);
        Assert.Equal("CustomerGroup:Salaried", unclaimed.GroupId);

        await claims.ClaimAsync(new GroupClaim($"Employer:{salaried.Employer.Uscc}", "rm.chen", "rm.chen", Now), replace: false, CancellationToken.None);
        await claims.ClaimAsync(new GroupClaim("CustomerGroup:Salaried", "rm.zhang", "rm.zhang", Now.AddMinutes(1)), replace: false, CancellationToken.None);
        var routed = await router.RouteAsync(Lead("lead-w-a2", "k1-a"), CancellationToken.None);
        Assert.Equal(("rm.chen", $"Employer:{salaried.Employer.Uscc}"), (routed.RmId, routed.GroupId));
        Assert.Null((await inbox.GetAsync("lead-w-a1", CancellationToken.None))!.RmId); // a later claim does not move it

        var stranger = await router.RouteAsync(Lead("lead-w-b1", "k1-nobody"), CancellationToken.None);
        Assert.Equal((null, null), (stranger.RmId, stranger.GroupId));
    }

    private static Lead Lead(string leadId, string customerKey) => new()
    {
        LeadId = leadId, WindowId = leadId["lead-".Length..], CustomerKey = customerKey, RuleId = "IncomeUpgrade", CatalogVersion = "v1",
        OfferId = "LimitUpgradeReview", OfferName = "额度提升", Script = "…", Reasons = ["r"], Evidence = ["e"], CreatedAt = Now, RespondBy = Now.AddDays(7),
    };
}
