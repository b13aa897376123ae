using Azure.Data.Tables;
using LifeWindow.Integration.Audit;

namespace LifeWindow.LocalHost.Tests;

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class AuditVerifyCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AuditVerify_IntactThenOneRecordAltered_Exits0ThenNamesTheRecordAndExits1()
    {
        var prefix = AzuriteFixture.UniqueName("t");
        var tables = new LifeWindowTables(new TableServiceClient(azurite.ConnectionString), prefix);
        var log = new TableAuditLog(tables, TimeProvider.System);
        foreach (var id in new[] { "1", "2", "3" })
        {
            await log.AppendForCustomerAsync("k1-cli-audit", new AuditEntry { EntryId = id, Kind = AuditKinds.CreditDecided, Subject = "cd-" + id, Detail = "Approve" }, CancellationToken.None);
        }

        string[] args = ["audit", "verify", "--storage", "azurite", "--connection", azurite.ConnectionString, "--table-prefix", prefix];
        using var intact = new StringWriter();
        Assert.Equal(0, await LifeWindowCli.RunAsync(args, intact, TextWriter.Null));
        Assert.Contains("intact: 1 chains, 3 records", intact.ToString(), StringComparison.Ordinal);

        var table = await tables.GetAsync(LifeWindowTables.AuditLog, CancellationToken.None);
        var partition = AuditChain.PartitionOf("k1-cli-audit");
        var row = (await table.GetEntityAsync<TableEntity>(partition, "r000000000002")).Value;
        row["Json"] = row.GetString("Json")!.Replace("Approve", "Decline", StringComparison.Ordinal);
        await table.UpdateEntityAsync(row, Azure.ETag.All, TableUpdateMode.Replace);

        using var broken = new StringWriter();
        Assert.Equal(1, await LifeWindowCli.RunAsync(args, broken, TextWriter.Null));
        Assert.Contains($"BROKEN  chain {partition}: record 2 (credit.decided cd-2) was altered", broken.ToString(), StringComparison.Ordinal);
        Assert.Contains("NOT intact", broken.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_WithoutAzurite_Exits2() =>
        Assert.Equal(2, await LifeWindowCli.RunAsync(["audit", "verify"], TextWriter.Null, TextWriter.Null));
}
