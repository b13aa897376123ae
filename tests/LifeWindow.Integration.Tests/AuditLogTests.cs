using Azure;
using LifeWindow.Integration.Audit;

namespace LifeWindow.Integration.Tests;

/// <summary>
/// The hash-chained audit log on both backends: entries chain in order and once per entry id, concurrent appends keep
/// one unbroken chain, anchors seal the heads; and on Table storage an altered record, a deleted one and a chain cut back
/// below an anchor are each named by verification, while an erased chain with its erasure receipt is not a break.
/// </summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class AuditLogTests(AzuriteFixture azurite)
{
    public static TheoryData<string> Backends => new() { "memory", "tables" };

    private LifeWindowTables NewTables() => new(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t"));

    private IAuditLog Create(string backend) =>
        backend == "tables" ? new TableAuditLog(NewTables(), TimeProvider.System) : new InMemoryAuditLog(TimeProvider.System);

    private static AuditEntry Entry(string id, string detail = "d") => new() { EntryId = id, Kind = AuditKinds.OfferPlanned, Subject = "w-" + id, Detail = detail, ReasonCodes = ["Allowed"] };

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Append_ThreeEntriesOneTwice_OneChainInOrderAndIntact(string backend)
    {
        var log = Create(backend);
        foreach (var id in new[] { "a", "b", "b", "c" })
        {
            await log.AppendForCustomerAsync("k1-audit", Entry(id), CancellationToken.None);
        }

        var chain = await log.ReadForCustomerAsync("k1-audit", CancellationToken.None).ToListAsync();

        Assert.Equal([1L, 2L, 3L], chain.Select(r => r.Sequence));
        Assert.Equal(["a", "b", "c"], chain.Select(r => r.Entry.EntryId));
        Assert.Equal(AuditChain.Genesis, chain[0].PreviousHash);
        Assert.Equal(chain[0].Hash, chain[1].PreviousHash);
        Assert.All(chain, r => Assert.Equal(r.ComputeHash(), r.Hash));
        Assert.All(chain, r => Assert.Equal(AuditChain.PartitionOf("k1-audit"), r.KeyHash));
        await log.AnchorAsync(CancellationToken.None);
        var verification = await log.VerifyAsync(CancellationToken.None);
        Assert.True(verification.Intact, string.Join("\n", verification.Problems));
        Assert.Equal((1, 3L, 1), (verification.Chains, verification.Records, verification.Anchors));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Append_TwentyAtOnce_OneUnbrokenChain(string backend)
    {
        var log = Create(backend);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => log.AppendForCustomerAsync("k1-busy", Entry("e" + i), CancellationToken.None)));

        var chain = await log.ReadForCustomerAsync("k1-busy", CancellationToken.None).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), chain.Select(r => r.Sequence));
        Assert.True((await log.VerifyAsync(CancellationToken.None)).Intact);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Erase_AChainSealedByAnAnchor_IsNotABreakWhenTheErasureIsRecorded(string backend)
    {
        var log = Create(backend);
        await log.AppendForCustomerAsync("k1-gone", Entry("a"), CancellationToken.None);
        await log.AppendForCustomerAsync("k1-stays", Entry("a"), CancellationToken.None);
        await log.AnchorAsync(CancellationToken.None);

        Assert.Equal(1, await log.EraseCustomerAsync("k1-gone", CancellationToken.None));
        var broken = await log.VerifyAsync(CancellationToken.None);
        await log.AppendAsync(AuditChain.ErasuresPartition, new AuditEntry { EntryId = "erasure:1", Kind = AuditKinds.CustomerErased, Subject = AuditChain.PartitionOf("k1-gone") }, CancellationToken.None);
        var recorded = await log.VerifyAsync(CancellationToken.None);

        Assert.Contains(broken.Problems, p => p.Contains("is gone", StringComparison.Ordinal)); // an unexplained disappearance is a break
        Assert.True(recorded.Intact, string.Join("\n", recorded.Problems));
        Assert.Empty(await log.ReadForCustomerAsync("k1-gone", CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task Verify_OneRecordAltered_NamesIt()
    {
        var (log, table, partition) = await ChainOfFourAsync();
        var row = (await table.GetEntityAsync<TableEntity>(partition, "r000000000002")).Value;
        row["Json"] = row.GetString("Json")!.Replace("\"detail\":\"d2\"", "\"detail\":\"approved after all\"", StringComparison.Ordinal);
        await table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace);

        var verification = await log.VerifyAsync(CancellationToken.None);

        Assert.Equal([$"chain {partition}: record 2 (offer.planned w-2) was altered: its content does not hash to its hash"], verification.Problems);
    }

    [Fact]
    public async Task Verify_OneRecordDeleted_NamesTheGap()
    {
        var (log, table, partition) = await ChainOfFourAsync();
        await table.DeleteEntityAsync(partition, "r000000000003");

        var verification = await log.VerifyAsync(CancellationToken.None);

        Assert.Equal([$"chain {partition}: record 3 is missing (deleted); the next is 4"], verification.Problems);
    }

    [Fact]
    public async Task Verify_ChainCutBackBelowAnAnchor_HeadAndAll_NamesIt()
    {
        var (log, table, partition) = await ChainOfFourAsync();
        var third = (await table.GetEntityAsync<TableEntity>(partition, "r000000000003")).Value;
        var thirdHash = JsonSerializer.Deserialize<AuditRecord>(third.GetString("Json")!, LifeWindowJson.Options)!.Hash;
        await table.DeleteEntityAsync(partition, "r000000000004");
        await table.UpsertEntityAsync(new TableEntity(partition, "head") { ["Sequence"] = 3L, ["Hash"] = thirdHash }, TableUpdateMode.Replace);

        var verification = await log.VerifyAsync(CancellationToken.None);

        Assert.Single(verification.Problems);
        Assert.Contains("record 4, sealed by anchor", verification.Problems[0], StringComparison.Ordinal);
    }

    /// <summary>A chain of four records on Table storage, sealed by an anchor, and intact.</summary>
    private async Task<(TableAuditLog Log, TableClient Table, string Partition)> ChainOfFourAsync()
    {
        var tables = NewTables();
        var log = new TableAuditLog(tables, TimeProvider.System);
        for (var i = 1; i <= 4; i++)
        {
            await log.AppendForCustomerAsync("k1-tamper", Entry(i.ToString(CultureInfo.InvariantCulture), "d" + i), CancellationToken.None);
        }

        await log.AnchorAsync(CancellationToken.None);
        Assert.True((await log.VerifyAsync(CancellationToken.None)).Intact);
        return (log, await tables.GetAsync(LifeWindowTables.AuditLog, CancellationToken.None), AuditChain.PartitionOf("k1-tamper"));
    }
}
