namespace LifeWindow.LocalHost.CommandLine;

/// <summary>
/// Runs a System.CommandLine tree the same way for the host, the demo and the CLI: --help on every command, parse
/// errors, bad values (ArgumentException, a missing file) and invalid settings on standard error with exit code 2, and output
/// written where the caller says (tests pass string writers).
/// </summary>
public static class CommandLineRunner
{
    public const int BadArguments = 2;

    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(error);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                error.WriteLine(problem.Message);
            }

            error.WriteLine($"See '{string.Join(' ', [root.Name, .. CommandPath(parsed), "--help"])}'.");
            return BadArguments;
        }

        try
        {
            // ProcessTerminationTimeout null: SIGTERM and Ctrl+C stay with the ASP.NET Core host, which drains the feed stream
            // and the workflows before it exits (System.CommandLine's own handler would end the process after 2 s).
            var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            return await parsed.InvokeAsync(configuration).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ArgumentException or IOException)
        {
            error.WriteLine(ex.Message);
            return BadArguments;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException ex)
        {
            // A setting out of range (command line, environment or appsettings.json): name it, no stack trace.
            error.WriteLine($"Invalid configuration: {string.Join(" ", ex.Failures)}");
            return BadArguments;
        }
    }

    private static IEnumerable<string> CommandPath(ParseResult parsed)
    {
        var names = new Stack<string>();
        for (var result = parsed.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
        {
            names.Push(result.Command.Name);
        }

        return names;
    }
}
