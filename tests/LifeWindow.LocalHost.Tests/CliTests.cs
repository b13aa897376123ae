using System.CommandLine;
using LifeWindow.LocalHost.CommandLine;

namespace LifeWindow.LocalHost.Tests;

public class CliTests
{
    [Fact]
    public void Settings_StorageAzuriteWithConnectionAndPort_AreApplied()
    {
        var settings = Settings("--storage", "azurite", "--connection", "UseDevelopmentStorage=true", "--port", "0");
        Assert.Equal(StorageMode.Azurite, settings.Storage);
        Assert.Equal("UseDevelopmentStorage=true", settings.StorageConnectionString);
        Assert.Equal(0, settings.Port);
    }

    [Fact]
    public void Settings_Defaults_AreTheEmbeddedBackendOnTheFunctionsPort()
    {
        var settings = Settings();
        Assert.Equal(StorageMode.Memory, settings.Storage);
        Assert.Equal(7071, settings.Port);
        Assert.Equal("lw", settings.NamePrefix);
    }

    [Theory]
    [InlineData("--storage", "cosmos", "--storage must be 'memory' or 'azurite', not 'cosmos'.")]
    [InlineData("--port", "http", "--port must be a port number, not 'http'.")]
    [InlineData("--port", "70000", "--port must be a port number, not '70000'.")]
    public void Settings_BadValue_IsAClearError(string option, string value, string message)
    {
        var parsed = Command().Parse([option, value]);
        Assert.Equal(message, Assert.Single(parsed.Errors).Message);
    }

    [Fact]
    public async Task Run_UnknownCommand_Exits2WithUsage()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(2, await LifeWindowCli.RunAsync(["frobnicate"], output, error));
        Assert.Contains("'frobnicate'", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--help", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sign")]
    [InlineData("leads", "list")]
    [InlineData("leads", "redeliver")]
    [InlineData("dead-letters", "list")]
    [InlineData("dead-letters", "resubmit")]
    [InlineData("import-whitelist")]
    [InlineData("backtest")]
    [InlineData("generate-facts")]
    [InlineData("export-facts")]
    [InlineData("population")]
    [InlineData("report")]
    [InlineData("intents", "evaluate")]
    [InlineData("intents", "read")]
    [InlineData("model", "train")]
    [InlineData("model", "evaluate")]
    [InlineData("model", "experiment")]
    public async Task Help_OnEveryCommand_DescribesItsOptions(params string[] command)
    {
        using var output = new StringWriter();
        Assert.Equal(0, await LifeWindowCli.RunAsync([.. command, "--help"], output, TextWriter.Null));
        var text = output.ToString();
        Assert.Contains("Usage:", text, StringComparison.Ordinal);
        Assert.Contains(" " + string.Join(' ', command) + " ", text, StringComparison.Ordinal); // the root is named after the executable: lifewindow
        Assert.Contains("Options:", text, StringComparison.Ordinal);
    }

    private static RootCommand Command(LocalHostOptions? options = null)
    {
        var root = new RootCommand();
        (options ?? new LocalHostOptions()).AddTo(root);
        return root;
    }

    private static LocalHostSettings Settings(params string[] args)
    {
        var options = new LocalHostOptions();
        var parsed = Command(options).Parse(args);
        Assert.Empty(parsed.Errors);
        return options.Read(parsed);
    }

    [Fact]
    public async Task Sign_Body_PrintsTheThreeStandardWebhooksHeaders()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "{\"type\":\"x\",\"data\":{}}");
        using var output = new StringWriter();
        Assert.Equal(0, await LifeWindowCli.RunAsync(["sign", file, "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "--id", "msg_1"], output, TextWriter.Null));
        var text = output.ToString();
        Assert.Contains("webhook-id: msg_1", text, StringComparison.Ordinal);
        Assert.Contains("webhook-timestamp: ", text, StringComparison.Ordinal);
        Assert.Matches("webhook-signature: v1,[A-Za-z0-9+/=]{44}", text);
    }

    [Fact]
    public async Task Sign_MissingFile_Exits2WithMessage()
    {
        using var error = new StringWriter();
        Assert.Equal(2, await LifeWindowCli.RunAsync(["sign", "/no/such/file.json", "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], TextWriter.Null, error));
        Assert.Contains("file.json", error.ToString(), StringComparison.Ordinal);
    }
}
