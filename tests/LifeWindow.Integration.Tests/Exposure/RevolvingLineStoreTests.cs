using LifeWindow.Domain.Credit;
using LifeWindow.Integration.Credit;

namespace LifeWindow.Integration.Tests.Exposure;

/// <summary>The revolving-line store's contract, asked of the in-memory and the Table store: two reviews racing on one line freeze it once.</summary>
public abstract class RevolvingLineStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    protected abstract IRevolvingLineStore NewStore();

    [Fact]
    public async Task Get_UnknownCustomer_NoLines() => Assert.Empty((await NewStore().GetAsync("k-none", CancellationToken.None)).Lines);

    [Fact]
    public async Task Update_BankReportThenFreeze_ReadBackAsWritten()
    {
        var store = NewStore();
        await store.UpdateAsync("k-1", l => l.With(LineReviews.Reported(null, "BYJ-1", 200_000m, 50_000m), Now), CancellationToken.None);

        await store.UpdateAsync("k-1", l => l.With(LineReviews.Apply(l.Line("BYJ-1")!, LimitAction.Freeze, 50m, "w-a", Now).Line, Now), CancellationToken.None);

        var line = Assert.Single((await store.GetAsync("k-1", CancellationToken.None)).Lines);
        Assert.Equal((200_000m, 50_000m, true, 0m), (line.Limit, line.Outstanding, line.Frozen, line.Available));
        Assert.Equal(new LineReview(200_000m, LimitAction.Freeze, line.Review!.Holders, Now), line.Review);
        Assert.Equal(["w-a"], line.Review.Holders);
    }

    [Fact]
    public async Task Update_TwoReviewsRacing_BothHoldTheLineAndTheLimitBeforeIsTheBanks()
    {
        var store = NewStore();
        for (var round = 0; round < 5; round++)
        {
            var customer = $"k-race-{round}";
            await store.UpdateAsync(customer, l => l.With(LineReviews.Reported(null, "BYJ-1", 200_000m, 50_000m), Now), CancellationToken.None);

            await Task.WhenAll(
                Task.Run(() => store.UpdateAsync(customer, l => l.With(LineReviews.Apply(l.Line("BYJ-1")!, LimitAction.Cut, 50m, "w-cut", Now).Line, Now), CancellationToken.None)),
                Task.Run(() => store.UpdateAsync(customer, l => l.With(LineReviews.Apply(l.Line("BYJ-1")!, LimitAction.Freeze, 50m, "w-freeze", Now).Line, Now), CancellationToken.None)));

            var line = Assert.Single((await store.GetAsync(customer, CancellationToken.None)).Lines);
            Assert.Equal(["w-cut", "w-freeze"], line.Review!.Holders.Order(StringComparer.Ordinal));
            Assert.Equal((true, 200_000m), (line.Frozen, line.Review.LimitBefore)); // the limit before is the bank's, not a cut one
            Assert.Contains(line.Limit, new[] { 100_000m, 200_000m }); // cut when the cut came first; a cut after the freeze only joins
        }
    }
}

public sealed class InMemoryRevolvingLineStoreTests : RevolvingLineStoreContract
{
    protected override IRevolvingLineStore NewStore() => new InMemoryRevolvingLineStore();
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class TableRevolvingLineStoreTests(AzuriteFixture azurite) : RevolvingLineStoreContract
{
    protected override IRevolvingLineStore NewStore() =>
        new TableRevolvingLineStore(new LifeWindowTables(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t")));
}
