namespace LifeWindow.Integration.Tests;

/// <summary>The do-not-disturb list on both backends: put (and replace), read, list, take off.</summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class DoNotDisturbListTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Backends => new() { "memory", "tables" };

    private IDoNotDisturbList Create(string backend) => backend == "memory"
        ? new InMemoryDoNotDisturbList()
        : new TableDoNotDisturbList(new LifeWindowTables(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t")));

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task PutReplaceListRemove_KeepsOneEntryPerCustomer(string backend)
    {
        var list = Create(backend);
        await list.PutAsync(new DoNotDisturbEntry("k1-a", "complaint", "ops-1", Now), CancellationToken.None);
        await list.PutAsync(new DoNotDisturbEntry("k1-b", "asked by phone", "ops-7", Now.AddMinutes(1)), CancellationToken.None);
        await list.PutAsync(new DoNotDisturbEntry("k1-a", "complaint, escalated", "ops-7", Now.AddMinutes(2)), CancellationToken.None);

        Assert.Equal(new DoNotDisturbEntry("k1-a", "complaint, escalated", "ops-7", Now.AddMinutes(2)), await list.GetAsync("k1-a", CancellationToken.None));
        var all = new List<DoNotDisturbEntry>();
        await foreach (var entry in list.ListAsync(CancellationToken.None))
        {
            all.Add(entry);
        }

        Assert.Equal(["k1-a", "k1-b"], all.Select(e => e.CustomerKey).Order(StringComparer.Ordinal));
        Assert.True(await list.RemoveAsync("k1-a", CancellationToken.None));
        Assert.False(await list.RemoveAsync("k1-a", CancellationToken.None));
        Assert.Null(await list.GetAsync("k1-a", CancellationToken.None));
        Assert.NotNull(await list.GetAsync("k1-b", CancellationToken.None));
    }
}
