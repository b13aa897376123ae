using LifeWindow.Sandbox.Facts;
using Azure.Data.Tables;
using LifeWindow.Cli.Backtests;

namespace LifeWindow.LocalHost.Tests;

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class BacktestAzuriteTests(AzuriteFixture azurite) : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("lifewindow-backtest-");

    public void Dispose() => work.Delete(recursive: true);

    [Fact]
    public async Task BacktestAndExport_TableFactLog_ReadTheStoredFactsLikeTheFile()
    {
        var prefix = AzuriteFixture.UniqueName("bt");
        var log = new TableFactLog(new LifeWindowTables(new TableServiceClient(azurite.ConnectionString), prefix));
        var generator = new SyntheticFacts(5, 30, SyntheticFacts.DefaultLastMonth);
        foreach (var fact in generator.Generate().SelectMany(c => c.Facts))
        {
            await log.AppendAsync(fact.Record, fact.RecordedAt, CancellationToken.None);
        }

        string[] storage = ["--storage", "azurite", "--connection", azurite.ConnectionString, "--table-prefix", prefix];
        var exported = Path.Combine(work.FullName, "export.ndjson");
        Assert.Equal(0, await LifeWindowCli.RunAsync(["export-facts", .. storage, "--out", exported], TextWriter.Null, TextWriter.Null));

        async Task<string> Differences(string name, params string[] source)
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var dir = Path.Combine(work.FullName, name);
            var exit = await LifeWindowCli.RunAsync(["backtest", "--a", "builtin", "--b", "builtin", "--from", "2024-11-01", "--to", "2026-11-30", "--out", dir, .. source], output, error);
            Assert.True(exit == 0, output.ToString() + error);
            using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, BacktestCommand.JsonFile)));
            Assert.Equal(30, report.RootElement.GetProperty("customers").GetInt64());
            return File.ReadAllText(Path.Combine(dir, BacktestCommand.SummaryFile));
        }

        var fromTables = await Differences("tables", storage);
        Assert.Equal(fromTables, await Differences("file", "--facts", exported));
        Assert.Matches(@"IncomeUpgrade,(\d+),\1,0,0,0,\1", fromTables);
    }
}
