using LifeWindow.Sandbox.Facts;
using System.Text;
using LifeWindow.Domain.Backtests;
using LifeWindow.Domain.Time;
using LifeWindow.Domain.Windows;
using LifeWindow.Cli.Backtests;

namespace LifeWindow.LocalHost.Tests;

public sealed class BacktestCommandTests : IDisposable
{
    private static readonly string Facts = Path.Combine(AzuriteFixture.RepositoryRoot(), "samples", "backtest", "facts.ndjson");
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("lifewindow-backtest-");

    public void Dispose() => work.Delete(recursive: true);

    /// <summary>
    /// The shipped catalog with IncomeUpgrade's growth threshold lowered from 20 to 15, made from the embedded catalog text so
    /// it follows the catalog format (samples/backtest/catalog.v1-tuned.json is the same edit, committed for people to try).
    /// </summary>
    private string TunedCatalog()
    {
        using var stream = typeof(RuleCatalogLoader).Assembly.GetManifestResourceStream("LifeWindow.Domain.Catalog.catalog.v1.json")!;
        var text = new StreamReader(stream).ReadToEnd();
        var tuned = text.Replace("\"minIncomeGrowthPct\": 20", "\"minIncomeGrowthPct\": 15", StringComparison.Ordinal)
            .Replace("\"version\": \"v1\"", "\"version\": \"v1-tuned\"", StringComparison.Ordinal);
        Assert.NotEqual(text, tuned);
        var path = Path.Combine(work.FullName, "catalog.v1-tuned.json");
        File.WriteAllText(path, tuned);
        return path;
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LifeWindowCli.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static RuleSummary IncomeUpgrade(JsonDocument report) =>
        report.RootElement.GetProperty("rules").Deserialize<RuleSummary[]>(Integration.Serialization.LifeWindowJson.Options)!.Single(r => r.RuleId == "IncomeUpgrade");

    [Fact]
    public async Task Backtest_SampleFactsTunedCatalog_ReportsAddedIncomeUpgradeWindowsAndWritesTheFiles()
    {
        var (exit, output, error) = await RunAsync("backtest", "--a", "builtin", "--b", TunedCatalog(), "--from", "2024-11-01", "--to", "2026-11-30", "--facts", Facts, "--out", work.FullName, "--parallel", "2");

        Assert.True(exit == 0, output + error);
        Assert.Contains("Backtest v1 → v1-tuned", output, StringComparison.Ordinal);
        Assert.Contains("50 customers", output, StringComparison.Ordinal);
        Assert.Matches(@"IncomeUpgrade\s+\d+\s+\d+\s+[1-9]\d*\s+\d+\s+\d+\s+\d+", output);

        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(work.FullName, BacktestCommand.JsonFile)));
        var rule = IncomeUpgrade(report);
        Assert.True(rule.Added > 0);
        Assert.True(rule.WindowsB > rule.WindowsA);
        Assert.Equal("v1-tuned", report.RootElement.GetProperty("catalogB").GetString());
        Assert.Equal(rule.Added + rule.Removed + rule.Changed, report.RootElement.GetProperty("differences").GetArrayLength());

        var summary = File.ReadAllLines(Path.Combine(work.FullName, BacktestCommand.SummaryFile));
        Assert.Equal("rule,windowsA,windowsB,added,removed,changed,unchanged", summary[0]);
        Assert.Contains($"IncomeUpgrade,{rule.WindowsA},{rule.WindowsB},{rule.Added},{rule.Removed},{rule.Changed},{rule.Unchanged}", summary);
        Assert.Equal(RuleCatalogLoader.LoadDefault().Rules.Count + 1, summary.Length); // every rule of the catalogs (the same ids in both), even those without windows
        var differences = File.ReadAllLines(Path.Combine(work.FullName, BacktestCommand.DifferencesFile));
        Assert.Equal(rule.Added + rule.Removed + rule.Changed + 1, differences.Length);
        Assert.StartsWith("Added,IncomeUpgrade,k1-", differences[1], StringComparison.Ordinal);
        Assert.Contains("同比上涨1", differences[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_CatalogAgainstItself_ReportsZeroDifferences()
    {
        var (exit, output, error) = await RunAsync("backtest", "--a", "builtin", "--b", "builtin", "--from", "2024-11-01", "--to", "2026-11-30", "--facts", Facts, "--out", work.FullName);

        Assert.True(exit == 0, output + error);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(work.FullName, BacktestCommand.JsonFile)));
        var rule = IncomeUpgrade(report);
        Assert.True(rule.WindowsA > 0);
        Assert.Equal((0L, 0L, 0L, rule.WindowsA), (rule.Added, rule.Removed, rule.Changed, rule.Unchanged));
        Assert.Single(File.ReadAllLines(Path.Combine(work.FullName, BacktestCommand.DifferencesFile)));
    }

    [Fact]
    public async Task Backtest_Synthetic_SameAsTheGeneratedFileAndTheSameForAnyParallelism()
    {
        var file = Path.Combine(work.FullName, "facts.ndjson");
        Assert.Equal(0, (await RunAsync("generate-facts", "--customers", "300", "--seed", "7", "--out", file)).Exit);
        var tuned = TunedCatalog();

        async Task<string> Differences(string name, params string[] source)
        {
            var dir = Path.Combine(work.FullName, name);
            var (exit, output, error) = await RunAsync(["backtest", "--a", "builtin", "--b", tuned, "--from", "2025-06-01", "--to", "2026-11-30", "--out", dir, .. source]);
            Assert.True(exit == 0, output + error);
            return File.ReadAllText(Path.Combine(dir, BacktestCommand.DifferencesFile));
        }

        var fromFile = await Differences("file", "--facts", file, "--parallel", "1");
        Assert.Equal(fromFile, await Differences("synthetic", "--synthetic", "300", "--seed", "7", "--parallel", "4"));
        Assert.True(fromFile.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 1);
    }

    [Fact]
    public async Task SyntheticFacts_SameSeed_SameBytes_OtherSeed_OtherFacts()
    {
        static async Task<byte[]> Write(int seed)
        {
            using var stream = new MemoryStream();
            await new SyntheticFacts(seed, 20, SyntheticFacts.DefaultLastMonth).WriteAsync(stream, CancellationToken.None);
            return stream.ToArray();
        }

        Assert.Equal(await Write(3), await Write(3));
        Assert.NotEqual(await Write(3), await Write(4));
    }

    [Fact]
    public async Task SyntheticFacts_TwentyFourMonthsPerCustomer_ReadBackGroupedAndAnonymous()
    {
        var generator = new SyntheticFacts(11, 40, new YearMonth(2026, 10));
        using var stream = new MemoryStream();
        await generator.WriteAsync(stream, CancellationToken.None);
        stream.Position = 0;

        var customers = await FactNdjson.ReadCustomersAsync(stream, CancellationToken.None).ToListAsync();

        Assert.Equal(40, customers.Count);
        Assert.All(customers, c => Assert.Matches("^k1-[0-9a-f]{64}$", c.CustomerKey));
        Assert.All(customers, c => Assert.True(c.Facts.Select(f => f.Record).OfType<Domain.Feeds.ProvidentFundContribution>().Select(r => r.Period).Distinct().Count() == SyntheticFacts.Months));
        Assert.Contains(customers, c => c.Facts.Any(f => f.Record is Domain.Feeds.Bank.PayrollCredit));
        Assert.DoesNotContain("idNumber", Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void ProgressBar_KnownTotal_DrawsTheBar_UnknownTotal_Spins()
    {
        var half = BacktestProgressBar.Describe(new BacktestProgress(500, 1000, 17_000, 12), TimeSpan.FromSeconds(2));
        Assert.StartsWith("[##############--------------] 50.0 %  500 of 1,000 customers", half, StringComparison.Ordinal);
        Assert.Contains("250 customers/s", half, StringComparison.Ordinal);
        Assert.Contains("differences 12", half, StringComparison.Ordinal);

        Assert.StartsWith("[/] 500 customers", BacktestProgressBar.Describe(new BacktestProgress(500, null, 17_000, 12), TimeSpan.FromSeconds(2), frame: 1), StringComparison.Ordinal);
    }

    public static TheoryData<string[], string> BadArguments => new()
    {
        { ["--b", "builtin", "--from", "2025-01-01", "--to", "2025-12-31", "--synthetic", "5"], "needs --a" },
        { ["--a", "builtin", "--b", "/no/such/catalog.json", "--from", "2025-01-01", "--to", "2025-12-31", "--synthetic", "5"], "--b: catalog file '/no/such/catalog.json' does not exist" },
        { ["--a", "builtin", "--b", "builtin", "--to", "2025-12-31", "--synthetic", "5"], "needs --from yyyy-MM-dd" },
        { ["--a", "builtin", "--b", "builtin", "--from", "2025-13-01", "--to", "2025-12-31", "--synthetic", "5"], "--from must be a date as yyyy-MM-dd, not '2025-13-01'" },
        { ["--a", "builtin", "--b", "builtin", "--from", "2026-01-01", "--to", "2025-12-31", "--synthetic", "5"], "--from 2026-01-01 is after --to 2025-12-31" },
        { ["--a", "builtin", "--b", "builtin", "--from", "2025-01-01", "--to", "2025-12-31"], "backtest needs its facts" },
        { ["--a", "builtin", "--b", "builtin", "--from", "2025-01-01", "--to", "2025-12-31", "--facts", "/no/such/facts.ndjson"], "--facts: file '/no/such/facts.ndjson' does not exist" },
        { ["--a", "builtin", "--b", "builtin", "--from", "2025-01-01", "--to", "2025-12-31", "--facts", "x", "--synthetic", "5"], "one source of facts" },
        { ["--a", "builtin", "--b", "builtin", "--from", "2025-01-01", "--to", "2025-12-31", "--synthetic", "five"], "--synthetic must be a whole number" },
        { ["--a", "builtin", "--b", "builtin", "--from", "2025-01-01", "--to", "2025-12-31", "--synthetic", "5", "--parallel", "0"], "--parallel must be a whole number from 1 to 256" },
        { ["--a", "builtin", "--b", "builtin", "--from", "2025-01-01", "--to", "2025-12-31", "--storage", "cosmos"], "--storage must be" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Backtest_BadArguments_Exit2WithAClearMessage(string[] args, string message)
    {
        var (exit, _, error) = await RunAsync(["backtest", .. args, "--out", work.FullName]);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_BrokenCatalog_Exit2NamingTheProblem()
    {
        var broken = Path.Combine(work.FullName, "broken.json");
        File.WriteAllText(broken, File.ReadAllText(TunedCatalog()).Replace("\"minIncomeGrowthPct\": 15", "\"minIncomeGrowthPercent\": 15", StringComparison.Ordinal));

        var (exit, _, error) = await RunAsync("backtest", "--a", "builtin", "--b", broken, "--from", "2025-01-01", "--to", "2025-12-31", "--synthetic", "5");

        Assert.Equal(2, exit);
        Assert.Contains("--b: Rule catalog broken.json", error, StringComparison.Ordinal);
        Assert.Contains("minIncomeGrowthPct", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_FactsFileWithABrokenLine_Exit1NamingTheLine()
    {
        var file = Path.Combine(work.FullName, "broken.ndjson");
        File.WriteAllLines(file, [File.ReadLines(Facts).First(), "{\"recordedAt\": \"2026-01-01T00:00:00Z\", \"record\": {\"$type\": \"nope/v1\"}}"]);

        var (exit, _, error) = await RunAsync("backtest", "--a", "builtin", "--b", "builtin", "--from", "2025-01-01", "--to", "2025-12-31", "--facts", file, "--out", work.FullName);

        Assert.Equal(1, exit);
        Assert.Contains("Facts refused: Line 2 is not a fact", error, StringComparison.Ordinal);
    }
}
