using LifeWindow.LocalHost.CommandLine;
using LifeWindow.LocalHost.Durable;
using Microsoft.Extensions.Options;

namespace LifeWindow.LocalHost.Tests;

/// <summary>The local host's own settings are validated at start-up: a bad value is named, not a stack trace.</summary>
public class HostSettingsValidationTests
{
    [Theory]
    [InlineData("x-y", "AzureStorage", "UseDevelopmentStorage=true", "TaskHubName")]
    [InlineData("lwhub", "AzureStorage", "", "ConnectionString is required")]
    public void DurableOptions_BadValue_IsRefusedNamingIt(string hub, string backend, string connection, string expected)
    {
        var options = new DurableOptions { TaskHubName = hub, Backend = Enum.Parse<DurableBackend>(backend), ConnectionString = connection };
        var failures = new DataAnnotationValidateOptions<DurableOptions>(null).Validate(null, options);
        Assert.True(failures.Failed);
        Assert.Contains(expected, failures.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void DurableOptions_Defaults_AreValid() =>
        Assert.True(new DataAnnotationValidateOptions<DurableOptions>(null).Validate(null, new DurableOptions()).Succeeded);

    [Fact]
    public async Task Runner_HostWithABadSetting_Exits2NamingTheSetting()
    {
        var root = new System.CommandLine.RootCommand();
        root.SetAction(async (_, cancellationToken) =>
        {
            var app = LocalHostApp.Build(new LocalHostSettings { Port = 0, Overrides = new Dictionary<string, string?> { ["Sandbox:Customers"] = "0" } });
            await using (app.ConfigureAwait(false))
            {
                await app.StartAsync(cancellationToken);
                await app.StopAsync(cancellationToken);
            }

            return 0;
        });
        using var error = new StringWriter();

        var exit = await CommandLineRunner.RunAsync(root, [], TextWriter.Null, error);

        Assert.Equal(CommandLineRunner.BadArguments, exit);
        Assert.StartsWith("Invalid configuration:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Customers", error.ToString(), StringComparison.Ordinal);
    }
}
