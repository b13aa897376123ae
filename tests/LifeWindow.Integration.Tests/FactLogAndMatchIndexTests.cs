namespace LifeWindow.Integration.Tests;

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class FactLogAndMatchIndexTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    private LifeWindowTables Tables() => new(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t"));

    private static ProvidentFundContribution Record(string evidence, int month) => new()
    {
        RecordId = $"r{month}", CustomerKey = "k1-f", EvidenceHash = evidence, Person = new PersonFacts("31-40", "Male", Residency.Local),
        Period = new YearMonth(2026, month), Employer = new Employer("x", TestData.Uscc, EmployerSector.Private),
        ContributionBase = 1000m + month, EmployeeRate = 0.07m, EmployerRate = 0.07m, Status = ContributionStatus.Normal, Balance = 0,
    };

    public static TheoryData<string> Backends => new() { "memory", "tables" };

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task FactLog_SameEvidenceTwice_IsLoggedOnceAndReadBackTyped(string backend)
    {
        IFactLog log = backend == "memory" ? new InMemoryFactLog() : new TableFactLog(Tables());

        Assert.True(await log.AppendAsync(Record("e1", 9), Now, CancellationToken.None));
        Assert.False(await log.AppendAsync(Record("e1", 9), Now.AddMinutes(1), CancellationToken.None));
        Assert.True(await log.AppendAsync(Record("e2", 10), Now.AddMinutes(2), CancellationToken.None));

        var facts = await log.ReadAsync("k1-f", CancellationToken.None).ToListAsync();
        Assert.Equal(["e1", "e2"], facts.Select(f => f.Record.EvidenceHash));
        Assert.Equal(1010m, Assert.IsType<ProvidentFundContribution>(facts[1].Record).ContributionBase);
        Assert.Empty(await log.ReadAsync("k1-other", CancellationToken.None).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task MatchIndex_TokenResolvesForItsPartnerOnly(string backend)
    {
        IMatchIndex index = backend == "memory" ? new InMemoryMatchIndex() : new TableMatchIndex(Tables());
        await index.AddAsync([new MatchToken("meituan", MatchKind.Id, "aa11", "k1-a"), new MatchToken("meituan", MatchKind.Phone, "bb22", "k1-a")], CancellationToken.None);

        Assert.Equal("k1-a", await index.FindAsync("meituan", MatchKind.Id, "aa11", CancellationToken.None));
        Assert.Equal("k1-a", await index.FindAsync("Meituan", MatchKind.Phone, "bb22", CancellationToken.None));
        Assert.Null(await index.FindAsync("jd", MatchKind.Id, "aa11", CancellationToken.None));
        Assert.Null(await index.FindAsync("meituan", MatchKind.Phone, "aa11", CancellationToken.None));
    }
}
