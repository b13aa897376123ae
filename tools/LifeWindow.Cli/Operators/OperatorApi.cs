namespace LifeWindow.Cli.Operators;

/// <summary>
/// --host and --key of the commands that call a running host's operator API: the local host (default
/// http://127.0.0.1:7071) or the Azure Functions app with a function key.
/// </summary>
internal sealed class OperatorApi
{
    /// <summary>Exit code when the host cannot be reached.</summary>
    public const int Unreachable = 3;

    private readonly Option<Uri> host = new("--host")
    {
        Description = "the host's base address",
        HelpName = "url",
        DefaultValueFactory = _ => new Uri("http://127.0.0.1:7071"),
        CustomParser = r => Uri.TryCreate(r.Tokens.Single().Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : LocalHostOptions.Refuse<Uri>(r, $"--host must be an http(s) address, not '{r.Tokens.Single().Value}'."),
    };

    private readonly Option<string> key = new("--key") { Description = "an Azure Functions key (sent as x-functions-key)" };

    public Command AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(host);
        command.Options.Add(key);
        return command;
    }

    /// <summary>Runs <paramref name="call"/> with a client of the chosen host; an unreachable host is exit code 3.</summary>
    public async Task<int> CallAsync(ParseResult result, Func<HttpClient, Task<int>> call)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(call);
        using var http = new HttpClient { BaseAddress = result.GetValue(host), Timeout = TimeSpan.FromSeconds(60) };
        if (result.GetValue(key) is { Length: > 0 } functionKey)
        {
            http.DefaultRequestHeaders.Add("x-functions-key", functionKey);
        }

        try
        {
            return await call(http).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            result.InvocationConfiguration.Error.WriteLine($"Cannot reach {http.BaseAddress}: {ex.Message}");
            return Unreachable;
        }
    }
}
