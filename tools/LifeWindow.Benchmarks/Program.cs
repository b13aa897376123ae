using LifeWindow.Benchmarks;

const string usage = """
    lifewindow-bench all
      Every benchmark below in one run with its default size (azurite-consumer only when Azurite answers on 127.0.0.1),
      in under ten minutes on the 2-core CI machine; docs/performance.md lists the figures.
    lifewindow-bench whitelist [--size 1GB | --sizes 25MB,100MB,400MB] [--format ndjson|csv] [--population 50000] [--concurrency 4] [--dir <dir>] [--keep] [--seed 20261124]
      Generate a synthetic consumption-scene whitelist of about --size (e.g. 100MB, 1GB) in a temp directory,
      import it with the in-memory backend, print rows/s and peak working set / GC heap. The file is deleted
      afterwards unless --keep. With --sizes, one import per size in the same run and a table of rows/s and peak memory
      against file size, the smallest as the baseline (docs/performance.md, benchmark 6).
    lifewindow-bench azurite-consumer [--customers 400] [--baseline-records 2000] [--connection UseDevelopmentStorage=true] [--seed 20261124]
      Fold synthetic customers' records (24 months each, shuffled) from the Storage-queue stream into Azure Tables on
      Azurite (start it first): a message per record folded alone (the baseline), a message per record taken as the
      local host's consumer takes them (both on the first --baseline-records), single-record publishes from 32 concurrent callers
      group-committed by the stream, and 500-record deliveries; print records/s and Table/queue requests per record for
      each (LW_BENCH_TRACE=1 adds the time per kind of Table request).
    lifewindow-bench pipeline [--customers 2000] [--seed 20261124] [--allocations [20]]
      One signed webhook record at a time on one thread: verify, parse, validate, tokenize, publish, fold, tags, detect, on
      the in-memory stores, over a synthetic population with every feed; print records/s and allocated bytes per record
      beside bare JsonDocument parsing of the same bytes, measured in the same run (docs/performance.md, benchmark 1).
      With --allocations, also the types allocated most during the measured run (the runtime's allocation samples).
    lifewindow-bench embedded [--batch-records 100000] [--singles 5000] [--concurrency 16] [--seed 20261124]
      The local host on the embedded default in its own process, over loopback HTTP: records/s of 500-record batch
      webhooks until every record is folded, then single-record webhooks/s with p50/p99 latency; beside a bare ASP.NET
      Core endpoint in another process driven by the same load generator (docs/performance.md, benchmark 2).
    lifewindow-bench workflows [--windows 4000] [--allocations [20]]
      Offer workflows on DTFx in memory in the embedded local host, from their start until every lead is at the CRM
      sink, beside bare three-activity chains on DTFx in memory in the same run (docs/performance.md, benchmark 4).
      With --allocations, also the types allocated most while the offer workflows ran.
    lifewindow-bench backtest [--customers 10000] [--parallel 2] [--seed 20261124]
      Backtest the shipped catalog against samples/backtest/catalog.v1-tuned.json over seeded synthetic customers (24 months
      each, generated before the clock starts); print facts/s beside a replay of the same histories through the shipped
      catalog alone in the same run (docs/performance.md, benchmark 5).
    """;

if (args.Length == 0 || args[0] is not ("all" or "whitelist" or "backtest" or "azurite-consumer" or "pipeline" or "embedded" or "echo" or "workflows"))
{
    Console.WriteLine(usage);
    return args.Length == 0 ? 2 : args[0] is "help" or "--help" or "-h" ? 0 : 2;
}

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i < args.Length; i++)
{
    if (args[i].StartsWith("--", StringComparison.Ordinal))
    {
        options[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : string.Empty;
    }
}

try
{
    if (args[0] == "all")
    {
        var total = Stopwatch.StartNew();
        await PipelineBenchmark.RunAsync(2000, 20261124, Console.Out, CancellationToken.None);
        await EmbeddedBenchmark.RunAsync(new EmbeddedBenchmark.Settings(100000, 5000, 16, 20261124), Console.Out, CancellationToken.None);
        await WorkflowBenchmark.RunAsync(4000, Console.Out, CancellationToken.None);
        await BacktestBenchmark.RunAsync(10000, 2, 20261124, Console.Out, CancellationToken.None);
        await new WhitelistImportBenchmark(Console.Out).SweepAsync(
            new WhitelistImportBenchmark.Settings(0, WhitelistFormat.Ndjson, 50000, 4, null, false, 20261124), [25L << 20, 100L << 20, 400L << 20], CancellationToken.None);
        if (AzuriteAnswers())
        {
            await AzuriteConsumerBenchmark.RunAsync("UseDevelopmentStorage=true", 400, 2000, 20261124, Console.Out, CancellationToken.None);
        }
        else
        {
            Console.WriteLine("Azurite consumer: skipped (no Azurite on 127.0.0.1:10001; start it and run `lifewindow-bench azurite-consumer`)");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"All benchmarks in {total.Elapsed.TotalMinutes:F1} min."));
        return 0;
    }

    if (args[0] == "azurite-consumer")
    {
        await AzuriteConsumerBenchmark.RunAsync(
            options.GetValueOrDefault("connection") is { Length: > 0 } c ? c : "UseDevelopmentStorage=true",
            Number(options.GetValueOrDefault("customers", "400")), Number(options.GetValueOrDefault("baseline-records", "2000")), Number(options.GetValueOrDefault("seed", "20261124")), Console.Out, CancellationToken.None);
        return 0;
    }

    if (args[0] == "embedded")
    {
        await EmbeddedBenchmark.RunAsync(
            new EmbeddedBenchmark.Settings(Number(options.GetValueOrDefault("batch-records", "100000")), Number(options.GetValueOrDefault("singles", "5000")), Number(options.GetValueOrDefault("concurrency", "16")), Number(options.GetValueOrDefault("seed", "20261124"))),
            Console.Out,
            CancellationToken.None);
        return 0;
    }

    if (args[0] == "echo")
    {
        await EmbeddedBenchmark.EchoAsync(Number(options.GetValueOrDefault("port", "0")));
        return 0;
    }

    if (args[0] == "workflows")
    {
        await WorkflowBenchmark.RunAsync(Number(options.GetValueOrDefault("windows", "4000")), Console.Out, CancellationToken.None,
            options.TryGetValue("allocations", out var types) ? (types.Length == 0 ? 20 : Number(types)) : 0);
        return 0;
    }

    if (args[0] == "pipeline")
    {
        await PipelineBenchmark.RunAsync(Number(options.GetValueOrDefault("customers", "2000")), Number(options.GetValueOrDefault("seed", "20261124")), Console.Out, CancellationToken.None,
            options.TryGetValue("allocations", out var types) ? (types.Length == 0 ? 20 : Number(types)) : 0);
        return 0;
    }

    if (args[0] == "backtest")
    {
        await BacktestBenchmark.RunAsync(
            Number(options.GetValueOrDefault("customers", "10000")), Number(options.GetValueOrDefault("parallel", "2")), Number(options.GetValueOrDefault("seed", "20261124")), Console.Out, CancellationToken.None);
        return 0;
    }

    var settings = new WhitelistImportBenchmark.Settings(
        Size(options.GetValueOrDefault("size", "1GB")),
        options.GetValueOrDefault("format", "ndjson") switch
        {
            "ndjson" => WhitelistFormat.Ndjson,
            "csv" => WhitelistFormat.Csv,
            var f => throw new ArgumentException($"--format must be ndjson or csv, not '{f}'."),
        },
        Number(options.GetValueOrDefault("population", "50000")),
        Number(options.GetValueOrDefault("concurrency", "4")),
        options.GetValueOrDefault("dir"),
        options.ContainsKey("keep"),
        Number(options.GetValueOrDefault("seed", "20261124")));
    if (options.GetValueOrDefault("sizes") is { Length: > 0 } sizes)
    {
        await new WhitelistImportBenchmark(Console.Out).SweepAsync(settings, [.. sizes.Split(',').Select(Size)], CancellationToken.None);
        return 0;
    }

    await new WhitelistImportBenchmark(Console.Out).RunAsync(settings, CancellationToken.None);
    return 0;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(usage);
    return 2;
}

static int Number(string text) =>
    int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"'{text}' is not a positive number.");

static long Size(string text)
{
    var upper = text.ToUpperInvariant();
    var (digits, unit) = upper.EndsWith("GB", StringComparison.Ordinal) ? (upper[..^2], 1L << 30)
        : upper.EndsWith("MB", StringComparison.Ordinal) ? (upper[..^2], 1L << 20)
        : (upper, 1L);
    return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n * unit : throw new ArgumentException($"--size '{text}' is not a size such as 400MB or 1GB.");
}

static bool AzuriteAnswers()
{
    try
    {
        using var client = new System.Net.Sockets.TcpClient();
        return client.ConnectAsync("127.0.0.1", 10001).Wait(TimeSpan.FromSeconds(1));
    }
    catch (AggregateException)
    {
        return false;
    }
}
