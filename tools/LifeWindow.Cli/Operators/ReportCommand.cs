using Azure.Data.Tables;
using LifeWindow.Cli.Backtests;
using LifeWindow.Integration.Contact;
using LifeWindow.Integration.Credit;
using LifeWindow.Integration.DeadLetters;
using LifeWindow.Integration.Outbox;
using LifeWindow.Integration.Telemetry;

namespace LifeWindow.Cli.Operators;

/// <summary>
/// `lifewindow report --storage azurite [--connection …] [--table-prefix …] [--out funnel.svg]`: reads the funnel
/// (docs/funnel.md) from the Table stores a host wrote, prints its counts as a table and writes the picture as SVG.
/// </summary>
internal static class ReportCommand
{
    public const string DefaultFile = "funnel.svg";

    public static Command Create()
    {
        var tablePrefix = FactFileCommands.TablePrefixOption();
        var file = new Option<string>("--out") { Description = $"the SVG file to write (default {DefaultFile})", HelpName = "funnel.svg", DefaultValueFactory = _ => DefaultFile };
        var host = new LocalHostOptions();
        var command = new Command("report", "Print the funnel (records → facts → windows → offers → credit decisions → leads → outcomes) and write it as an SVG picture.") { tablePrefix, file };
        host.AddTo(command, listens: false);
        command.SetAction((result, cancellationToken) => RunAsync(host.Read(result), result.GetValue(tablePrefix), result.GetValue(file)!, result.Writers().Output, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(LocalHostSettings settings, string? tablePrefix, string file, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Storage != StorageMode.Azurite)
        {
            throw new ArgumentException("report reads the Table stores a host wrote: add --storage azurite (the in-memory stores of a new process hold nothing; the demo writes its own picture).");
        }

        var tables = new LifeWindowTables(new TableServiceClient(settings.StorageConnectionString), tablePrefix ?? settings.NamePrefix);
        var reader = new FunnelReader(
            new TableFactLog(tables), new TableDeadLetterStore(tables), new TableWindowStore(tables),
            new TableContactLedger(tables), new TableCreditDecisionStore(tables), new TableLeadStore(tables), new TableLeadOutbox(tables));
        return await WriteAsync(reader, file, output, cancellationToken);
    }

    /// <summary>Reads the funnel, writes the SVG to <paramref name="file"/> (its folder made if missing) and prints the table and where it wrote.</summary>
    public static async Task<int> WriteAsync(FunnelReader reader, string file, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(output);
        var funnel = await reader.ReadAsync(cancellationToken);
        var path = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, FunnelPicture.Render(funnel), cancellationToken);
        foreach (var line in FunnelPicture.Table(funnel))
        {
            output.WriteLine(line);
        }

        output.WriteLine("Funnel picture written to " + path);
        return 0;
    }
}
