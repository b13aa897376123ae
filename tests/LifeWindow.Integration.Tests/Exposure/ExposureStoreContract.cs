using LifeWindow.Integration.Exposure;

namespace LifeWindow.Integration.Tests.Exposure;

/// <summary>The same behaviour asked of the in-memory and the Table store.</summary>
public abstract class ExposureStoreContract
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    protected abstract IExposureStore NewStore();

    private static HoldRequest Request(string customer, string holdId, decimal amount, IReadOnlyList<string>? coOwners = null, decimal cap = 500_000m) =>
        new(customer, coOwners ?? [], holdId, amount, cap, Now, Now.AddDays(30));

    [Fact]
    public async Task TryPlaceHold_TwoDecisionsOf30WanUnderA50WanCapInParallel_ExactlyOneFits()
    {
        var store = NewStore();
        for (var round = 0; round < 5; round++)
        {
            var customer = $"k-race-{round}";
            var results = await Task.WhenAll(
                Task.Run(() => store.TryPlaceHoldAsync(Request(customer, "cd-a", 300_000m), CancellationToken.None)),
                Task.Run(() => store.TryPlaceHoldAsync(Request(customer, "cd-b", 300_000m), CancellationToken.None)));

            Assert.Single(results, r => r.Status == HoldStatus.Placed);
            var refused = Assert.Single(results, r => r.Status == HoldStatus.OverCap);
            Assert.Equal(200_000m, refused.Room);
            Assert.Equal(300_000m, (await store.GetAsync(customer, CancellationToken.None)).ActiveHolds(Now));
        }
    }

    [Fact]
    public async Task TryPlaceHold_CoOwnersRacingOnTheirOwnPartitions_HouseholdNeverExceedsTheCap()
    {
        var store = NewStore();
        for (var round = 0; round < 5; round++)
        {
            var (a, b) = ($"k-hh-a-{round}", $"k-hh-b-{round}");
            var results = await Task.WhenAll(
                Task.Run(() => store.TryPlaceHoldAsync(Request(a, "cd-a", 300_000m, [b]), CancellationToken.None)),
                Task.Run(() => store.TryPlaceHoldAsync(Request(b, "cd-b", 300_000m, [a]), CancellationToken.None)));

            Assert.Single(results, r => r.Status == HoldStatus.Placed);
            Assert.Equal(300_000m, (await store.HouseholdAsync(a, [b], Now, CancellationToken.None)).Holds);
        }
    }

    [Fact]
    public async Task TryPlaceHold_ManyDecisionsAcrossAHouseholdAtOnce_PlacedSumNeverExceedsTheCap()
    {
        var store = NewStore();
        var members = new[] { "k-many-a", "k-many-b", "k-many-c" };
        var amounts = new[] { 120_000m, 90_000m, 200_000m, 60_000m, 150_000m, 80_000m, 110_000m, 70_000m };
        var results = await Task.WhenAll(amounts.Select((amount, i) =>
        {
            var customer = members[i % members.Length];
            return Task.Run(() => store.TryPlaceHoldAsync(Request(customer, $"cd-many-{i}", amount, [.. members.Where(m => m != customer)]), CancellationToken.None));
        }));

        var placed = results.Where(r => r.Status == HoldStatus.Placed).Sum(r => r.Amount);
        Assert.InRange(placed, 1m, 500_000m);
        Assert.Equal(placed, (await store.HouseholdAsync(members[0], members[1..], Now, CancellationToken.None)).Holds);
    }

    [Fact]
    public async Task TryPlaceHold_SameHoldIdAgain_IsIdempotent()
    {
        var store = NewStore();
        Assert.Equal(HoldStatus.Placed, (await store.TryPlaceHoldAsync(Request("k-idem", "cd-1", 300_000m), CancellationToken.None)).Status);
        var again = await store.TryPlaceHoldAsync(Request("k-idem", "cd-1", 300_000m), CancellationToken.None);

        Assert.Equal(HoldStatus.AlreadyPlaced, again.Status);
        Assert.Equal(300_000m, (await store.GetAsync("k-idem", CancellationToken.None)).ActiveHolds(Now));
    }

    [Fact]
    public async Task TryPlaceHold_CountsConsumerBusinessAndCoOwnersButNotMortgage()
    {
        var store = NewStore();
        await store.SetBalanceAsync("k-sum", ExposureKind.Mortgage, 2_000_000m, Now, CancellationToken.None);
        await store.SetBalanceAsync("k-sum", ExposureKind.Consumer, 100_000m, Now, CancellationToken.None);
        await store.SetBalanceAsync("k-sum-co", ExposureKind.Business, 150_000m, Now, CancellationToken.None);

        var over = await store.TryPlaceHoldAsync(Request("k-sum", "cd-1", 250_001m, ["k-sum-co"]), CancellationToken.None);
        var fits = await store.TryPlaceHoldAsync(Request("k-sum", "cd-1", 250_000m, ["k-sum-co"]), CancellationToken.None);

        Assert.Equal((HoldStatus.OverCap, 250_000m), (over.Status, over.Room));
        Assert.Equal(HoldStatus.Placed, fits.Status);
        Assert.Equal(500_000m, (await store.HouseholdAsync("k-sum", ["k-sum-co"], Now, CancellationToken.None)).Unsecured);
    }

    [Fact]
    public async Task ReleaseHold_FreesTheRoom_AndThatHoldIdIsNotPlacedAgain()
    {
        var store = NewStore();
        await store.TryPlaceHoldAsync(Request("k-rel", "cd-1", 300_000m), CancellationToken.None);

        Assert.True(await store.ReleaseHoldAsync("k-rel", "cd-1", Now, CancellationToken.None));
        Assert.True(await store.ReleaseHoldAsync("k-rel", "cd-1", Now, CancellationToken.None));
        Assert.Equal(HoldStatus.Closed, (await store.TryPlaceHoldAsync(Request("k-rel", "cd-1", 300_000m), CancellationToken.None)).Status);
        Assert.Equal(HoldStatus.Placed, (await store.TryPlaceHoldAsync(Request("k-rel", "cd-2", 500_000m), CancellationToken.None)).Status);
        Assert.False(await store.ReleaseHoldAsync("k-rel", "cd-unknown", Now, CancellationToken.None));
    }

    [Fact]
    public async Task ConfirmHold_MovesTheAmountIntoConsumerOnce()
    {
        var store = NewStore();
        await store.TryPlaceHoldAsync(Request("k-conf", "cd-1", 300_000m), CancellationToken.None);

        Assert.True(await store.ConfirmHoldAsync("k-conf", "cd-1", Now.AddDays(1), CancellationToken.None));
        Assert.True(await store.ConfirmHoldAsync("k-conf", "cd-1", Now.AddDays(1), CancellationToken.None));

        var exposure = await store.GetAsync("k-conf", CancellationToken.None);
        Assert.Equal(300_000m, exposure.Consumer);
        Assert.Equal(0m, exposure.ActiveHolds(Now));
        Assert.Equal(300_000m, exposure.Unsecured(Now));
        Assert.False(await store.ReleaseHoldAsync("k-conf", "cd-1", Now, CancellationToken.None));
    }

    [Fact]
    public async Task Hold_AfterItExpires_CountsForNothingAndCannotBeConfirmed()
    {
        var store = NewStore();
        await store.TryPlaceHoldAsync(Request("k-exp", "cd-1", 500_000m), CancellationToken.None);
        var later = Now.AddDays(31);

        Assert.Equal(0m, (await store.GetAsync("k-exp", CancellationToken.None)).Unsecured(later));
        Assert.False(await store.ConfirmHoldAsync("k-exp", "cd-1", later, CancellationToken.None));
        var next = await store.TryPlaceHoldAsync(new HoldRequest("k-exp", [], "cd-2", 500_000m, 500_000m, later, later.AddDays(30)), CancellationToken.None);
        Assert.Equal(HoldStatus.Placed, next.Status);
    }
}

public sealed class InMemoryExposureStoreTests : ExposureStoreContract
{
    protected override IExposureStore NewStore() => new InMemoryExposureStore();
}
