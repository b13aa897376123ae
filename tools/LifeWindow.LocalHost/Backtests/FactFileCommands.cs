using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using LifeWindow.Domain.Time;
using LifeWindow.Integration.Storage;
using LifeWindow.LocalHost.Hosting;

namespace LifeWindow.LocalHost.Backtests;

/// <summary>
/// lifewindow generate-facts (the seeded synthetic fact log as NDJSON, e.g. samples/backtest/facts.ndjson) and
/// lifewindow export-facts (the Table fact log as NDJSON, to backtest from a file).
/// </summary>
public static partial class FactFileCommands
{
    public const int DefaultSeed = 20261124;

    public static async Task<int> GenerateAsync(Dictionary<string, string> options, TextWriter output, CancellationToken cancellationToken)
    {
        var customers = options.GetValueOrDefault("customers") is { } c ? BacktestCommand.PositiveNumber("customers", c) : throw new ArgumentException("generate-facts needs --customers <N>.");
        var seed = options.GetValueOrDefault("seed") is { } s ? BacktestCommand.PositiveNumber("seed", s) : DefaultSeed;
        var lastMonth = options.GetValueOrDefault("last-month") is { } m
            ? YearMonth.TryParse(m, out var month) ? month : throw new ArgumentException($"--last-month must be yyyy-MM, not '{m}'.")
            : SyntheticFacts.DefaultLastMonth;
        var file = options.GetValueOrDefault("out") is { Length: > 0 } o ? o : throw new ArgumentException("generate-facts needs --out <facts.ndjson>.");

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

    public static async Task<int> ExportAsync(Dictionary<string, string> options, TextWriter output, CancellationToken cancellationToken)
    {
        var settings = Cli.Settings(options);
        if (settings.Storage != StorageMode.Azurite)
        {
            throw new ArgumentException("export-facts reads the Table fact log: add --storage azurite (the in-memory store of a new process holds none).");
        }

        var file = options.GetValueOrDefault("out") is { Length: > 0 } o ? o : throw new ArgumentException("export-facts needs --out <facts.ndjson>.");
        var log = TableLog(settings, options);
        long lines;
        await using (var stream = File.Create(file))
        {
            lines = await FactNdjson.WriteAsync(stream, Flatten(log.ReadAllAsync(cancellationToken)), cancellationToken);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wrote {lines:N0} facts to {file}."));
        return 0;
    }

    /// <summary>The Table fact log the other commands' --storage azurite uses (same connection; --table-prefix as Storage:TablePrefix, default lw).</summary>
    internal static TableFactLog TableLog(LocalHostSettings settings, Dictionary<string, string> options)
    {
        var prefix = options.GetValueOrDefault("table-prefix") is { Length: > 0 } p ? p : settings.NamePrefix;
        if (!TablePrefix().IsMatch(prefix))
        {
            throw new ArgumentException($"--table-prefix must be a letter and up to 20 letters or digits, not '{prefix}'.");
        }

        return new TableFactLog(new LifeWindowTables(new TableServiceClient(settings.StorageConnectionString), prefix));
    }

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
