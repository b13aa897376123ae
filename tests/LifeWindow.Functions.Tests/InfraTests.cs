using System.Diagnostics;
using System.Reflection;

namespace LifeWindow.Functions.Tests;

/// <summary>
/// infra/ compiles and lints clean with the Bicep CLI (from the NuGet package Azure.Bicep.CommandLine.linux-x64, no
/// download), the Functions app it creates gets every setting the app reads (or the setting is documented as optional
/// in docs/operations.md), and no secret sits in an app setting: secrets are Key Vault references, connections use the
/// managed identity.
/// </summary>
public class InfraTests
{
    private static readonly string Root = AzuriteFixture.RepositoryRoot();

    private static readonly string Bicep = typeof(InfraTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;

    /// <summary>Settings the sample names that Azure spells differently, and the setting in the template that stands for each.</summary>
    private static readonly Dictionary<string, string> InAzureAs = new(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage"] = "AzureWebJobsStorage__accountName", // identity-based host storage
        ["Storage__ConnectionString"] = "Storage__TableServiceUri", // and Storage__QueueServiceUri, with the identity
        ["FUNCTIONS_WORKER_RUNTIME"] = "functionAppConfig.runtime", // Flex Consumption: the site's runtime, not a setting
    };

    [Fact]
    public async Task Build_MainBicep_CompilesWithoutAWarning()
    {
        var (exit, output, errors) = await RunBicepAsync("build", "infra/main.bicep", "--stdout");

        Assert.True(exit == 0, errors);
        Assert.DoesNotContain("Warning", errors, StringComparison.OrdinalIgnoreCase);
        var site = Resources(JsonNode.Parse(output)!).Single(r => (string?)r["type"] == "Microsoft.Web/sites");

        // The Event Hubs consumer is no trigger: with that transport one instance stays ready to read the stream.
        var alwaysReady = site["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!["alwaysReady"]!.ToString();
        Assert.Contains("equals(parameters('feedStreamTransport'), 'EventHubs')", alwaysReady, StringComparison.Ordinal);
        var (paramsExit, _, paramsErrors) = await RunBicepAsync("build-params", "infra/main.bicepparam", "--stdout");
        Assert.True(paramsExit == 0, paramsErrors);
    }

    [Fact]
    public async Task Lint_EveryBicepFile_IsClean()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "infra"), "*.bicep", SearchOption.AllDirectories))
        {
            var (exit, output, errors) = await RunBicepAsync("lint", Path.GetRelativePath(Root, file));

            Assert.True(exit == 0 && string.IsNullOrWhiteSpace(output + errors), $"{file}: {output}{errors}");
        }
    }

    [Fact]
    public async Task AppSettings_EverySettingTheAppReads_IsSetByTheTemplateOrDocumentedAsOptional()
    {
        var settings = await AppSettingsAsync();
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Root, "functions", "local.settings.sample.json")))!["Values"]!.AsObject().Select(p => p.Key).ToList();
        var optional = OptionalPrefixes();
        Assert.Contains("Policies__", optional);

        var missing = sample.Where(key => !settings.ContainsKey(InAzureAs.GetValueOrDefault(key, key))
            && !(InAzureAs.GetValueOrDefault(key) == "functionAppConfig.runtime")
            && !optional.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Empty(missing);
        Assert.True(settings.ContainsKey("Storage__QueueServiceUri"));
        Assert.False(settings.ContainsKey("FUNCTIONS_WORKER_RUNTIME"), "Flex Consumption refuses FUNCTIONS_WORKER_RUNTIME as an app setting");
        Assert.All(settings.Keys, key => Assert.Matches("^[A-Za-z0-9_.]+$", key)); // what App Service allows in a setting name
    }

    [Fact]
    public async Task AppSettings_Secrets_AreKeyVaultReferences_ConnectionsUseTheIdentity()
    {
        var settings = await AppSettingsAsync();
        var secrets = settings.Where(s => s.Key.Contains("Pepper", StringComparison.Ordinal) && !s.Key.EndsWith("KeyId", StringComparison.Ordinal)
            || s.Key.Contains("Secrets__", StringComparison.Ordinal) || s.Key.Contains("__Keys__", StringComparison.Ordinal)
            || s.Key.Contains("MatchingKeys__", StringComparison.Ordinal) || s.Key.EndsWith("ApiKey", StringComparison.Ordinal)).ToList();

        Assert.True(secrets.Count >= 10, string.Join(", ", secrets.Select(s => s.Key)));
        Assert.All(secrets, s => Assert.Contains("@Microsoft.KeyVault(", s.Value, StringComparison.Ordinal));
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.DoesNotContain(settings, s => s.Key.EndsWith("ConnectionString", StringComparison.Ordinal) && s.Key != "APPLICATIONINSIGHTS_CONNECTION_STRING");

        // Nothing in the whole template reads a key or carries a secret: no listKeys(), no account key, no SAS, no webhook secret.
        var (_, template, _) = await RunBicepAsync("build", "infra/main.bicep", "--stdout");
        foreach (var forbidden in new[] { "listKeys(", "AccountKey=", "SharedAccessKey", "whsec_", "listConnectionStrings(" })
        {
            Assert.DoesNotContain(forbidden, template, StringComparison.Ordinal);
        }

        Assert.Contains("\"allowSharedKeyAccess\": false", template, StringComparison.Ordinal);
        Assert.Contains("\"disableLocalAuth\": true", template, StringComparison.Ordinal);
    }

    /// <summary>The Functions app's settings in the compiled template: name → value (an ARM expression where it is computed).</summary>
    private static async Task<Dictionary<string, string>> AppSettingsAsync()
    {
        var (exit, output, errors) = await RunBicepAsync("build", "infra/main.bicep", "--stdout");
        Assert.True(exit == 0, errors);
        var site = Resources(JsonNode.Parse(output)!).Single(r => (string?)r["type"] == "Microsoft.Web/sites");
        Assert.Equal("dotnet-isolated", (string?)site["properties"]!["functionAppConfig"]!["runtime"]!["name"]);
        return site["properties"]!["siteConfig"]!["appSettings"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => s!["value"]!.ToString(), StringComparer.Ordinal);
    }

    /// <summary>Every resource of a template and of the templates of its nested deployments (modules).</summary>
    private static IEnumerable<JsonNode> Resources(JsonNode template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonNode>(),
            JsonObject named => named.Select(p => p.Value).OfType<JsonNode>(), // languageVersion 2.0: resources by symbolic name
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (resource["properties"]?["template"] is { } nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>The setting prefixes docs/operations.md lists as not set by the template (the "Optional settings" table's first column).</summary>
    private static List<string> OptionalPrefixes()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "docs", "operations.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("## Optional settings", StringComparison.Ordinal));
        Assert.True(start >= 0, "docs/operations.md has no \"## Optional settings\" section");
        return [.. lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(l => l.Split('|')[1].Split('`').Where((_, i) => i % 2 == 1))]; // every `name` of the first column
    }

    private static async Task<(int Exit, string Output, string Errors)> RunBicepAsync(params string[] arguments)
    {
        Assert.True(File.Exists(Bicep), $"the Bicep CLI is not at {Bicep} (restored from Azure.Bicep.CommandLine.linux-x64)");
        var start = new ProcessStartInfo(Bicep) { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }
}
