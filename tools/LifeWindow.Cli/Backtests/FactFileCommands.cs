using System.Text.RegularExpressions;
using Azure.Data.Tables;
using LifeWindow.Sandbox.Facts;
using LifeWindow.Domain.Time;

namespace LifeWindow.Cli.Backtests;

/// <summary>
/// lifewindow generate-facts (the seeded synthetic fact log as NDJSON, e.g. samples/backtest/facts.ndjson) and
/// lifewindow export-facts (the Table fact log as NDJSON, to backtest from a file).
/// </summary>
public static partial class FactFileCommands
{
    public const int DefaultSeed = 20261124;

    public static Command CreateGenerate()
    {
        var customers = CliOptions.PositiveNumber("--customers", "how many synthetic customers");
        var file = new Option<string>("--out") { Description = "the NDJSON file to write", HelpName = "facts.ndjson" };
        var seed = CliOptions.PositiveNumber("--seed", "the generator's seed", defaultValue: () => DefaultSeed);
        var lastMonth = CliOptions.Month("--last-month", $"the last month of each customer's 24 (default {SyntheticFacts.DefaultLastMonth})");
        var command = new Command("generate-facts", "Write a seeded synthetic fact log (24 months per customer) as NDJSON, for backtests.") { seed, lastMonth }
            .Require(customers, "generate-facts needs --customers <N>.")
            .Require(file, "generate-facts needs --out <facts.ndjson>.");
        command.SetAction((result, cancellationToken) => GenerateAsync(
            result.GetValue(customers), result.GetValue(file)!, result.GetValue(seed),
            result.GetValue(lastMonth) ?? SyntheticFacts.DefaultLastMonth, result.Writers().Output, cancellationToken));
        return command;
    }

    public static Command CreateExport()
    {
        var file = new Option<string>("--out") { Description = "the NDJSON file to write", HelpName = "facts.ndjson" };
        var tablePrefix = TablePrefixOption();
        var host = new LocalHostOptions();
        var command = new Command("export-facts", "Write the Table fact log as NDJSON, customer by customer, to backtest from a file.") { tablePrefix }
            .Require(file, "export-facts needs --out <facts.ndjson>.");
        host.AddTo(command, listens: false);
        command.SetAction((result, cancellationToken) => ExportAsync(host.Read(result), result.GetValue(tablePrefix), result.GetValue(file)!, result.Writers().Output, cancellationToken));
        return command;
    }

    public static async Task<int> GenerateAsync(int customers, string file, int seed, YearMonth lastMonth, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var generator = new SyntheticFacts(seed, customers, lastMonth);
        long lines;
        await using (var stream = File.Create(file))
        {
            lines = await generator.WriteAsync(stream, cancellationToken);
        }

        var (from, to) = generator.Span;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {lines:N0} facts of {customers:N0} synthetic customers (seed {seed}) to {file}; they span {from:yyyy-MM-dd} to {to:yyyy-MM-dd}."));
        return 0;
    }

    public static async Task<int> ExportAsync(LocalHostSettings settings, string? tablePrefix, string file, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        if (settings.Storage != StorageMode.Azurite)
        {
            throw new ArgumentException("export-facts reads the Table fact log: add --storage azurite (the in-memory store of a new process holds none).");
        }

        var log = TableLog(settings, tablePrefix);
        long lines;
        await using (var stream = File.Create(file))
        {
            lines = await FactNdjson.WriteAsync(stream, Flatten(log.ReadAllAsync(cancellationToken)), cancellationToken);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {lines:N0} facts to {file}."));
        return 0;
    }

    /// <summary>--table-prefix: the Storage:TablePrefix of the host that wrote the fact log (default: --prefix, lw).</summary>
    internal static Option<string> TablePrefixOption() => new("--table-prefix")
    {
        Description = "the tables' prefix (Storage:TablePrefix) of the host that wrote them; default --prefix",
        CustomParser = r => TablePrefix().IsMatch(r.Tokens.Single().Value)
            ? r.Tokens.Single().Value
            : LocalHostOptions.Refuse<string>(r, $"--table-prefix must be a letter and up to 20 letters or digits, not '{r.Tokens.Single().Value}'."),
    };

    /// <summary>The Table fact log the other commands' --storage azurite uses (same connection; --table-prefix, else the host's prefix).</summary>
    internal static TableFactLog TableLog(LocalHostSettings settings, string? tablePrefix) =>
        new(new LifeWindowTables(new TableServiceClient(settings.StorageConnectionString), tablePrefix ?? settings.NamePrefix));

    private static async IAsyncEnumerable<LoggedFact> Flatten(IAsyncEnumerable<CustomerFacts> customers)
    {
        await foreach (var customer in customers.ConfigureAwait(false))
        {
            foreach (var fact in customer.Facts)
            {
                yield return fact;
            }
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,20}$")]
    private static partial Regex TablePrefix();
}
