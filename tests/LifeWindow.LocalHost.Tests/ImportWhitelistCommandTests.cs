using LifeWindow.Integration.Batch;
using LifeWindow.Cli.Batch;

namespace LifeWindow.LocalHost.Tests;

public class ImportWhitelistCommandTests
{
    private static string Sample(string name) => Path.Combine(AzuriteFixture.RepositoryRoot(), "samples", "consumption-scenes", name);

    [Theory]
    [InlineData("whitelist.csv")]
    [InlineData("whitelist.ndjson")]
    public async Task Run_SampleFile_MatchesTheDemoIdentitiesAndPrintsTheReport(string sample)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await LifeWindowCli.RunAsync(["import-whitelist", Sample(sample), "--partner", "meituan"], output, error);

        var text = output.ToString();
        Assert.True(exit == 0, text + error);
        Assert.Contains("accepted          3", text, StringComparison.Ordinal);
        Assert.Contains("rejected          2", text, StringComparison.Ordinal);
        Assert.Contains("unmatched         1", text, StringComparison.Ordinal);
        Assert.Contains("✗ line 7:", text, StringComparison.Ordinal);
        Assert.Contains("100.0 %", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PartnerWithoutMatchingKey_Exits1()
    {
        using var output = new StringWriter();
        Assert.Equal(1, await LifeWindowCli.RunAsync(["import-whitelist", Sample("whitelist.csv"), "--partner", "nobody"], output, TextWriter.Null));
        Assert.Contains("no matching key is agreed with partner 'nobody'", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "xml", "--format must be")]
    [InlineData("--storage", "memory", "needs --partner")]
    public async Task Run_BadArguments_Exit2(string option, string value, string message)
    {
        using var error = new StringWriter();
        var args = option == "--storage" ? new[] { "import-whitelist", Sample("whitelist.csv"), option, value } : ["import-whitelist", Sample("whitelist.csv"), "--partner", "meituan", option, value];

        Assert.Equal(2, await LifeWindowCli.RunAsync(args, TextWriter.Null, error));
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ProgressBar_HalfWay_DrawsHalfTheBarAndTheRates()
    {
        var line = ConsoleProgressBar.Describe(new BatchImportProgress(512L * 1048576, 1024L * 1048576, 2_000_000, 1_500_000, 10, 400_000, TimeSpan.FromSeconds(10)));

        Assert.StartsWith("[##############--------------] 50.0 %", line, StringComparison.Ordinal);
        Assert.Contains("512.0 MB of 1024.0 MB", line, StringComparison.Ordinal);
        Assert.Contains("51.2 MB/s", line, StringComparison.Ordinal);
        Assert.Contains("200,000 lines/s", line, StringComparison.Ordinal);
    }
}
