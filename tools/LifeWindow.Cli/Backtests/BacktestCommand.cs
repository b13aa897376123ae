using System.Text;
using LifeWindow.Sandbox.Facts;
using LifeWindow.Domain.Backtests;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Serialization;

namespace LifeWindow.Cli.Backtests;

/// <summary>
/// lifewindow backtest: replays stored facts through catalogs A and B over a range of business days and reports, per rule,
/// the windows B would add, remove or change — on the console and as backtest-summary.csv, backtest-differences.csv and
/// backtest.json. Facts come from an NDJSON export (--facts), the Table fact log (--storage azurite) or the seeded
/// generator (--synthetic N).
/// </summary>
public static class BacktestCommand
{
    public const string SummaryFile = "backtest-summary.csv";
    public const string DifferencesFile = "backtest-differences.csv";
    public const string JsonFile = "backtest.json";

    public static Command Create()
    {
        var a = new Option<string>("--a") { Description = "catalog A: a catalog JSON file, or builtin", HelpName = "catalog.json|builtin" };
        var b = new Option<string>("--b") { Description = "catalog B: a catalog JSON file, or builtin", HelpName = "catalog.json|builtin" };
        var from = CliOptions.Day("--from", "the first business day (Asia/Shanghai)");
        var to = CliOptions.Day("--to", "the last business day (Asia/Shanghai)");
        var facts = new Option<string>("--facts") { Description = "facts from an NDJSON file (export-facts, generate-facts)", HelpName = "facts.ndjson" };
        var synthetic = CliOptions.PositiveNumber("--synthetic", "facts from the seeded generator, for this many customers");
        var seed = CliOptions.PositiveNumber("--seed", "the generator's seed", defaultValue: () => FactFileCommands.DefaultSeed);
        var outDir = new Option<string>("--out") { Description = "where to write the reports (default: the current directory)", HelpName = "dir" };
        var parallel = CliOptions.PositiveNumber("--parallel", "customers replayed at once (the processor count unless set)", max: 256, defaultValue: () => Environment.ProcessorCount);
        var tablePrefix = FactFileCommands.TablePrefixOption();
        var host = new LocalHostOptions();
        var command = new Command("backtest", "Replay the facts through catalogs A and B over those business days and report per rule the windows B adds, removes and changes; writes "
            + $"{SummaryFile}, {DifferencesFile} and {JsonFile}. Facts: --facts, --synthetic or --storage azurite. Exit 0 done, 1 facts unreadable, 2 bad arguments or catalog.")
            { facts, synthetic, seed, outDir, parallel, tablePrefix }
            .Require(a, "backtest needs --a <catalog.json|builtin>.")
            .Require(b, "backtest needs --b <catalog.json|builtin>.")
            .Require(from, "backtest needs --from yyyy-MM-dd.")
            .Require(to, "backtest needs --to yyyy-MM-dd.");
        host.AddTo(command, listens: false);
        command.SetAction((result, cancellationToken) => RunAsync(
            new BacktestArguments(result.GetValue(a)!, result.GetValue(b)!, result.GetValue(from), result.GetValue(to))
            {
                Facts = result.GetValue(facts),
                Synthetic = result.GetResult(synthetic) is null ? null : result.GetValue(synthetic),
                Seed = result.GetValue(seed),
                Parallelism = result.GetValue(parallel),
                OutDirectory = result.GetValue(outDir) is { Length: > 0 } o ? o : Directory.GetCurrentDirectory(),
                Storage = host.Read(result),
                TablePrefix = result.GetValue(tablePrefix),
            },
            result.Writers().Output,
            result.Writers().Error,
            cancellationToken));
        return command;
    }

    /// <summary>Exit codes: 0 the backtest ran (differences are its result, not a failure), 1 the facts could not be read, 2 bad arguments or catalog.</summary>
    public static async Task<int> RunAsync(BacktestArguments arguments, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var catalogA = LoadCatalog(arguments.CatalogA, "a");
        var catalogB = LoadCatalog(arguments.CatalogB, "b");
        var (fromDay, toDay) = (arguments.From, arguments.To);
        if (fromDay > toDay)
        {
            throw new ArgumentException($"--from {fromDay:yyyy-MM-dd} is after --to {toDay:yyyy-MM-dd}.");
        }

        var parallelism = arguments.Parallelism;
        var outDir = arguments.OutDirectory;
        var source = Source(arguments);

        var (from, to) = BusinessDays.Range(fromDay, toDay);
        var time = TimeProvider.System;
        output.WriteLine($"Backtest {catalogA.Version} → {catalogB.Version}, {fromDay:yyyy-MM-dd} to {toDay:yyyy-MM-dd} (Asia/Shanghai), facts from {source.Description}, {parallelism} in parallel");
        var bar = new BacktestProgressBar(output, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected, time);
        var started = time.GetTimestamp();
        BacktestResult result;
        try
        {
            result = await Backtester.RunAsync(
                source.Customers(cancellationToken), catalogA, catalogB, from, to,
                new BacktestOptions { Parallelism = parallelism, TotalCustomers = source.Total },
                bar, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            bar.Complete();
            error.WriteLine($"Facts refused: {ex.Message}");
            return 1;
        }

        var elapsed = time.GetElapsedTime(started);
        bar.Complete();

        Directory.CreateDirectory(outDir);
        await File.WriteAllTextAsync(Path.Combine(outDir, SummaryFile), SummaryCsv(result), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(outDir, DifferencesFile), DifferencesCsv(result), cancellationToken);
        await using (var json = File.Create(Path.Combine(outDir, JsonFile)))
        {
            await JsonSerializer.SerializeAsync(json, Report(result, elapsed), LifeWindowJson.Options, cancellationToken);
        }

        Print(result, elapsed, output);
        output.WriteLine($"Wrote {SummaryFile}, {DifferencesFile} and {JsonFile} to {Path.GetFullPath(outDir)}");
        return 0;
    }

    public static void Print(BacktestResult result, TimeSpan elapsed, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Customers:N0} customers, {result.Facts:N0} facts in {elapsed.TotalSeconds:F1} s ({result.Customers / seconds:N0} customers/s)"));
        var width = Math.Max(5, result.Rules.Select(r => r.RuleId.Length).DefaultIfEmpty(0).Max());
        output.WriteLine($"{"rule".PadRight(width)}  {"windows A",9}  {"windows B",9}  {"added",7}  {"removed",7}  {"changed",7}  {"unchanged",9}");
        foreach (var r in result.Rules.Append(new RuleSummary("total", result.Rules.Sum(x => x.WindowsA), result.Rules.Sum(x => x.WindowsB), result.Added, result.Removed, result.Changed, result.Rules.Sum(x => x.Unchanged))))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.RuleId.PadRight(width)}  {r.WindowsA,9:N0}  {r.WindowsB,9:N0}  {r.Added,7:N0}  {r.Removed,7:N0}  {r.Changed,7:N0}  {r.Unchanged,9:N0}"));
        }
    }

    public static string SummaryCsv(BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new StringBuilder("rule,windowsA,windowsB,added,removed,changed,unchanged\n");
        foreach (var r in result.Rules)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Csv(r.RuleId)},{r.WindowsA},{r.WindowsB},{r.Added},{r.Removed},{r.Changed},{r.Unchanged}\n");
        }

        return csv.ToString();
    }

    public static string DifferencesCsv(BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new StringBuilder("kind,rule,customerKey,anchor,windowId,changedFields,opensAtA,closesAtA,opensAtB,closesAtB,priorityA,priorityB,coolOffDaysA,coolOffDaysB,offersA,offersB,reasons\n");
        foreach (var d in result.Differences)
        {
            var window = d.B ?? d.A!;
            csv.Append(CultureInfo.InvariantCulture,
                $"{d.Kind},{Csv(d.RuleId)},{Csv(d.CustomerKey)},{Csv(d.Anchor)},{window.WindowId},{Csv(string.Join(';', d.ChangedFields))},{Time(d.A?.OpensAt)},{Time(d.A?.ClosesAt)},{Time(d.B?.OpensAt)},{Time(d.B?.ClosesAt)},{d.A?.Priority},{d.B?.Priority},{d.A?.CoolOffDays},{d.B?.CoolOffDays},{Csv(Offers(d.A))},{Csv(Offers(d.B))},{Csv(string.Join(" / ", window.Reasons))}\n");
        }

        return csv.ToString();
    }

    private static object Report(BacktestResult result, TimeSpan elapsed) => new
    {
        result.CatalogA,
        result.CatalogB,
        result.From,
        result.To,
        result.Customers,
        result.Facts,
        result.Added,
        result.Removed,
        result.Changed,
        ElapsedSeconds = Math.Round(elapsed.TotalSeconds, 3),
        result.Rules,
        result.Differences,
    };

    /// <summary>
    /// Replays read call intents as the hosts do: with the trained classifier (docs/models.md) when its labels are the
    /// catalog's intents; a catalog with other intents keeps reading its own phrase lists.
    /// </summary>
    private static RuleCatalog LoadCatalog(string value, string option)
    {
        var catalog = LoadFile(value, option);
        try
        {
            return Integration.Intents.IntentClassifier.Default.AttachTo(catalog);
        }
        catch (InvalidCatalogException)
        {
            return catalog;
        }
    }

    private static RuleCatalog LoadFile(string value, string option)
    {
        if (value == "builtin")
        {
            return RuleCatalogLoader.LoadDefault();
        }

        if (!File.Exists(value))
        {
            throw new ArgumentException($"--{option}: catalog file '{value}' does not exist.");
        }

        try
        {
            using var stream = File.OpenRead(value);
            return RuleCatalogLoader.Load(stream, Path.GetFileName(value));
        }
        catch (InvalidCatalogException ex)
        {
            throw new ArgumentException($"--{option}: {ex.Message}", ex);
        }
    }

    private sealed record FactSource(string Description, long? Total, Func<CancellationToken, IAsyncEnumerable<CustomerHistory>> Customers);

    private static FactSource Source(BacktestArguments arguments)
    {
        var azurite = arguments.Storage.Storage == StorageMode.Azurite;
        var chosen = new[] { arguments.Facts is not null, arguments.Synthetic is not null, azurite }.Count(c => c);
        if (chosen != 1)
        {
            throw new ArgumentException(chosen == 0
                ? "backtest needs its facts: --facts <facts.ndjson>, --synthetic <customers> or --storage azurite (the in-memory store of a new process holds none)."
                : "backtest takes one source of facts: --facts, --synthetic or --storage azurite.");
        }

        if (arguments.Facts is { } file)
        {
            if (file.Length == 0 || !File.Exists(file))
            {
                throw new ArgumentException($"--facts: file '{file}' does not exist.");
            }

            return new FactSource(Path.GetFileName(file), null, ct => FromFile(file, ct));
        }

        if (arguments.Synthetic is { } count)
        {
            var generator = new SyntheticFacts(arguments.Seed, count, SyntheticFacts.DefaultLastMonth);
            return new FactSource(string.Create(CultureInfo.InvariantCulture, $"{count:N0} synthetic customers (seed {arguments.Seed})"), count, ct => Map(generator.GenerateAsync(ct)));
        }

        var log = FactFileCommands.TableLog(arguments.Storage, arguments.TablePrefix);
        return new FactSource("the Table fact log", null, ct => Map(log.ReadAllAsync(ct)));
    }

    private static async IAsyncEnumerable<CustomerHistory> FromFile(string file, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await foreach (var customer in Map(FactNdjson.ReadCustomersAsync(stream, cancellationToken)).ConfigureAwait(false))
        {
            yield return customer;
        }
    }

    /// <summary>The fact log's facts as the domain's recorded facts (the domain does not know the integration types).</summary>
    internal static async IAsyncEnumerable<CustomerHistory> Map(IAsyncEnumerable<CustomerFacts> customers)
    {
        await foreach (var customer in customers.ConfigureAwait(false))
        {
            yield return new CustomerHistory(customer.CustomerKey, customer.Facts.Select(f => new RecordedFact(f.Record, f.RecordedAt)).ToList());
        }
    }

    private static string Offers(Window? window) => window is null ? string.Empty : string.Join('|', window.CandidateOffers);

    private static string Time(DateTimeOffset? value) => value?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}

/// <summary>What <c>lifewindow backtest</c> was asked: the two catalogs, the business days, and where the facts come from.</summary>
public sealed record BacktestArguments(string CatalogA, string CatalogB, DateOnly From, DateOnly To)
{
    public string? Facts { get; init; }

    public int? Synthetic { get; init; }

    public int Seed { get; init; } = FactFileCommands.DefaultSeed;

    public int Parallelism { get; init; } = Environment.ProcessorCount;

    public string OutDirectory { get; init; } = Directory.GetCurrentDirectory();

    public LocalHostSettings Storage { get; init; } = new();

    public string? TablePrefix { get; init; }
}
