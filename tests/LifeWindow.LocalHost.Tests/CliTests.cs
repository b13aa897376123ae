using LifeWindow.LocalHost.Hosting;

namespace LifeWindow.LocalHost.Tests;

public class CliTests
{
    [Fact]
    public void Settings_StorageAzuriteWithConnectionAndPort_AreApplied()
    {
        var settings = Cli.Settings(Cli.Options(["--storage", "azurite", "--connection", "UseDevelopmentStorage=true", "--port", "0"]));
        Assert.Equal(StorageMode.Azurite, settings.Storage);
        Assert.Equal("UseDevelopmentStorage=true", settings.StorageConnectionString);
        Assert.Equal(0, settings.Port);
    }

    [Fact]
    public void Settings_Defaults_AreTheEmbeddedBackendOnTheFunctionsPort()
    {
        var settings = Cli.Settings(Cli.Options([]));
        Assert.Equal(StorageMode.Memory, settings.Storage);
        Assert.Equal(7071, settings.Port);
    }

    [Theory]
    [InlineData("--storage", "cosmos")]
    [InlineData("--port", "http")]
    [InlineData("--port", "70000")]
    public void Settings_BadValue_IsAClearError(string option, string value) =>
        Assert.Throws<ArgumentException>(() => Cli.Settings(Cli.Options([option, value])));

    [Fact]
    public async Task Run_UnknownCommand_Exits2WithUsage()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(2, await Cli.RunAsync(["frobnicate"], output, error));
        Assert.Contains("Unknown command 'frobnicate'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("demo", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_Body_PrintsTheThreeStandardWebhooksHeaders()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "{\"type\":\"x\",\"data\":{}}");
        using var output = new StringWriter();
        Assert.Equal(0, await Cli.RunAsync(["sign", file, "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "--id", "msg_1"], output, TextWriter.Null));
        var text = output.ToString();
        Assert.Contains("webhook-id: msg_1", text, StringComparison.Ordinal);
        Assert.Contains("webhook-timestamp: ", text, StringComparison.Ordinal);
        Assert.Matches("webhook-signature: v1,[A-Za-z0-9+/=]{44}", text);
    }

    [Fact]
    public async Task Sign_MissingFile_Exits2WithMessage()
    {
        using var error = new StringWriter();
        Assert.Equal(2, await Cli.RunAsync(["sign", "/no/such/file.json", "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], TextWriter.Null, error));
        Assert.Contains("file.json", error.ToString(), StringComparison.Ordinal);
    }
}
