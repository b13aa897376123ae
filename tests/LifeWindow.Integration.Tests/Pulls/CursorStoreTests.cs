namespace LifeWindow.Integration.Tests.Pulls;

/// <summary>What every cursor store must do: one run at a time per job, positions that survive, stale writers refused.</summary>
public abstract class CursorStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    protected abstract ICursorStore Create();

    [Fact]
    public async Task Acquire_NewJob_StartsFromTheBeginning_AndKeepsOtherRunsOut()
    {
        var store = Create();
        Assert.Null(await store.GetAsync("ProvidentFund", CancellationToken.None));

        var lease = await store.TryAcquireAsync("ProvidentFund", "run-1", Now, Lease, CancellationToken.None);

        Assert.NotNull(lease);
        Assert.Equal(PullCursor.Start, lease.Position);
        Assert.Null(await store.TryAcquireAsync("ProvidentFund", "run-2", Now.AddMinutes(1), Lease, CancellationToken.None));
        Assert.NotNull(await store.TryAcquireAsync("Tax", "run-2", Now, Lease, CancellationToken.None));
    }

    [Fact]
    public async Task Save_WithTheLeaseHeld_PersistsThePositionForTheNextRun()
    {
        var store = Create();
        var lease = (await store.TryAcquireAsync("ProvidentFund", "run-1", Now, Lease, CancellationToken.None))!;
        var position = new PullCursor { Cursor = "b2Zmc2V0Pj41Pz8=/+", PageRecordsDone = 2, PageDigest = "abc", Pages = 1, Records = 7, UpdatedAt = Now };

        lease = await store.SaveAsync(lease, position, Now.Add(Lease), CancellationToken.None);
        lease = await store.SaveAsync(lease, position with { Pages = 2 }, Now.Add(Lease), CancellationToken.None);
        await store.ReleaseAsync(lease, CancellationToken.None);

        Assert.Equal(position with { Pages = 2 }, await store.GetAsync("ProvidentFund", CancellationToken.None));
        var next = await store.TryAcquireAsync("ProvidentFund", "run-2", Now.AddMinutes(1), Lease, CancellationToken.None);
        Assert.Equal(position with { Pages = 2 }, next!.Position);
    }

    [Fact]
    public async Task Acquire_AfterTheLeaseRanOut_TakesOver_AndTheOldRunsSaveIsRefused()
    {
        var store = Create();
        var stale = (await store.TryAcquireAsync("ProvidentFund", "run-1", Now, Lease, CancellationToken.None))!;

        var takeover = await store.TryAcquireAsync("ProvidentFund", "run-2", Now.Add(Lease).AddSeconds(1), Lease, CancellationToken.None);

        Assert.NotNull(takeover);
        await Assert.ThrowsAsync<CursorLeaseLostException>(() => store.SaveAsync(stale, new PullCursor { Cursor = "x" }, Now.Add(Lease), CancellationToken.None));
        await store.ReleaseAsync(stale, CancellationToken.None);
        Assert.Null(await store.TryAcquireAsync("ProvidentFund", "run-3", Now.Add(Lease).AddSeconds(2), Lease, CancellationToken.None));
        Assert.Null((await store.GetAsync("ProvidentFund", CancellationToken.None))!.Cursor);
    }
}

public sealed class InMemoryCursorStoreTests : CursorStoreContract
{
    protected override ICursorStore Create() => new InMemoryCursorStore();
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class TableCursorStoreTests(AzuriteFixture azurite) : CursorStoreContract
{
    protected override ICursorStore Create() => new TableCursorStore(new LifeWindowTables(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t")));
}
