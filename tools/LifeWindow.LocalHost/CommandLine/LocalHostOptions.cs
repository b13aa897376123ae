using System.CommandLine.Parsing;
using System.Globalization;
using LifeWindow.LocalHost.Hosting;

namespace LifeWindow.LocalHost.CommandLine;

/// <summary>
/// The command-line options that choose how the local host runs (--storage, --connection, --prefix, --port), for the
/// host itself and for the demo and CLI commands that start one. A new instance per command: System.CommandLine
/// options belong to the command they are added to.
/// </summary>
public sealed class LocalHostOptions
{
    public Option<StorageMode> Storage { get; } = new("--storage")
    {
        Description = "memory (in-memory stores and DTFx; nothing else to run) or azurite (Azure Tables, a Storage-queue feed stream and Durable Task on Azure Storage)",
        DefaultValueFactory = _ => StorageMode.Memory,
        CustomParser = ParseStorage,
        HelpName = "memory|azurite",
    };

    public Option<string> Connection { get; } = new("--connection")
    {
        Description = "storage connection string for --storage azurite (default: LIFEWINDOW_STORAGE, else UseDevelopmentStorage=true)",
        HelpName = "connection string",
    };

    public Option<string> Prefix { get; } = new("--prefix")
    {
        Description = "names the tables, queue and task hub (several hosts with one prefix share the work)",
        DefaultValueFactory = _ => "lw",
    };

    public Option<int> Port { get; } = new("--port")
    {
        Description = "listening port on 127.0.0.1 (0 picks a free one)",
        DefaultValueFactory = _ => 7071,
        CustomParser = ParsePort,
    };

    /// <summary>Adds the storage options, and --port when the command listens.</summary>
    public LocalHostOptions AddTo(Command command, bool listens = true)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Storage);
        command.Options.Add(Connection);
        command.Options.Add(Prefix);
        if (listens)
        {
            command.Options.Add(Port);
        }

        return this;
    }

    public LocalHostSettings Read(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var settings = new LocalHostSettings { Storage = result.GetValue(Storage), NamePrefix = result.GetValue(Prefix) ?? "lw" };
        if (result.GetValue(Connection) is { Length: > 0 } connection)
        {
            settings = settings with { StorageConnectionString = connection };
        }

        return result.GetResult(Port) is null ? settings : settings with { Port = result.GetValue(Port) };
    }

    private static StorageMode ParseStorage(ArgumentResult result) => result.Tokens.Single().Value switch
    {
        "memory" => StorageMode.Memory,
        "azurite" => StorageMode.Azurite,
        var other => Refuse<StorageMode>(result, $"--storage must be 'memory' or 'azurite', not '{other}'."),
    };

    private static int ParsePort(ArgumentResult result) =>
        int.TryParse(result.Tokens.Single().Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 0 and < 65536
            ? port
            : Refuse<int>(result, $"--port must be a port number, not '{result.Tokens.Single().Value}'.");

    /// <summary>Records a parse error (reported before any command runs, exit code 2) and returns a placeholder.</summary>
    public static T Refuse<T>(ArgumentResult result, string message)
    {
        ArgumentNullException.ThrowIfNull(result);
        result.AddError(message);
        return default!;
    }
}
