using LifeWindow.Integration.Privacy;

namespace LifeWindow.LocalHost.Tests;

public sealed class EraseCommandTests
{
    [Fact]
    public async Task Erase_WithAnOperatorToken_ErasesThroughTheApiAndPrintsTheReceipt_WithoutOneExits1()
    {
        await using var host = await RunningHost.StartAsync();
        await host.GrantConsentsAsync("k1-cli-erase");
        var url = host.App.Urls.First();

        using var refused = new StringWriter();
        Assert.Equal(1, await LifeWindowCli.RunAsync(["erase", "k1-cli-erase", "--reason", "request 42", "--token", "not-a-token", "--host", url], TextWriter.Null, refused));
        Assert.Contains("401", refused.ToString(), StringComparison.Ordinal);
        Assert.NotNull(await host.Get<IProfileStore>().GetAsync("k1-cli-erase", CancellationToken.None));

        using var output = new StringWriter();
        Assert.Equal(0, await LifeWindowCli.RunAsync(["erase", "k1-cli-erase", "--reason", "request 42", "--token", host.OperatorToken("ops-1"), "--host", url], output, TextWriter.Null));

        Assert.Contains("key hash " + ErasureReceipt.HashOf("k1-cli-erase"), output.ToString(), StringComparison.Ordinal);
        Assert.Contains("profiles", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("legal duty to keep", output.ToString(), StringComparison.Ordinal);
        Assert.Null(await host.Get<IProfileStore>().GetAsync("k1-cli-erase", CancellationToken.None));
        var receipt = Assert.Single(await host.Get<IErasureLog>().ListAsync(CancellationToken.None).ToListAsync());
        Assert.Equal(("ops-1", "request 42"), (receipt.RequestedBy, receipt.Reason));
    }

    [Fact]
    public async Task Erase_WithoutAReason_Exits2() =>
        Assert.Equal(2, await LifeWindowCli.RunAsync(["erase", "k1-cli-erase"], TextWriter.Null, TextWriter.Null));
}
