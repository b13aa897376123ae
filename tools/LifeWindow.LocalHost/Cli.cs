using System.Globalization;
using LifeWindow.LocalHost.Backtests;
using LifeWindow.LocalHost.Batch;
using LifeWindow.LocalHost.Demo;
using LifeWindow.LocalHost.Hosting;

namespace LifeWindow.LocalHost;

/// <summary>The lifewindow command line: demo, serve, sign, dead-letters, import-whitelist, backtest, generate-facts, export-facts.</summary>
public static class Cli
{
    public const string Usage = """
        lifewindow — LifeWindow local host and tools

        Commands:
          demo  [--storage memory|azurite] [--connection <storage connection string>]
                Start the local host, send it signed sample webhooks over HTTP, wait for the workflows,
                print the windows and leads produced. Exits 0 when everything expected happened.
          serve [--storage memory|azurite] [--connection <...>] [--port 7071] [--prefix lw] [--<Section>:<Key> <value> ...]
                Run the local host: the Functions app's HTTP triggers under /api, its timers, the feed-stream
                consumer, the orchestrations on DTFx, and a CRM sink at /crm-sink/leads (the default Crm:BaseUrl).
                Settings: command line > environment (Crm__BaseUrl) > appsettings.json > built-in defaults.
                --prefix names the tables, queue and task hub (several hosts with one prefix share the work).
                With --storage memory nothing survives the process; with azurite a 2xx means the record is kept.
          sign  <body.json> --secret <whsec_...> [--id <webhook-id>]
                Print the Standard Webhooks headers for a body, to call an endpoint with curl or a .http file.
          leads list [--status Pending|Parked|Expired|Sent|Cancelled] [--host <url>] [--key <function key>]
          leads redeliver <lead id> [<lead id> ...] [--kind Created|Withdrawn] [--host <url>] [--key <function key>]
                List the lead outbox's deliveries to the CRM, or make parked ones due again, through the operator API.
          dead-letters list [--feed <feed>] [--status Open|Resubmitted] [--host <url>] [--key <function key>]
          dead-letters resubmit <id> [<id> ...] [--host <url>] [--key <function key>]
                List rejected records, or resubmit them after a fix, through a running host's operator API
                (default host http://127.0.0.1:7071; --key for the Azure Functions app).
          import-whitelist <file> --partner <id> [--format csv|ndjson] [--storage memory|azurite] [--connection <...>] [--seed-demo]
                Stream a consumption-scene whitelist file (CSV or NDJSON) through ingress with a progress bar, then
                print the report. Memory storage starts with the demo identities in the match index (--seed-demo adds
                them on Azurite too). Exit 0 imported, 1 file refused.
          backtest --a <catalog.json|builtin> --b <catalog.json|builtin> --from yyyy-MM-dd --to yyyy-MM-dd
                   (--facts <facts.ndjson> | --synthetic <customers> [--seed S] | --storage azurite [--connection <...>] [--table-prefix lw])
                   [--out <dir>] [--parallel N]
                Replay the facts through catalogs A and B over those business days (Asia/Shanghai) and report per rule the
                windows B adds, removes and changes; writes backtest-summary.csv, backtest-differences.csv and backtest.json
                to --out (default: the current directory). Exit 0 done, 1 facts unreadable, 2 bad arguments or catalog.
          generate-facts --customers <N> --out <facts.ndjson> [--seed S] [--last-month yyyy-MM]
                Write a seeded synthetic fact log (24 months per customer) as NDJSON, for backtests.
          export-facts --storage azurite --out <facts.ndjson> [--connection <...>] [--table-prefix lw]
                Write the Table fact log as NDJSON, customer by customer, to backtest from a file.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            output.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        try
        {
            var options = Options(args.Skip(1));
            switch (args[0])
            {
                case "demo":
                    {
                        var runner = new DemoRunner(output);
                        var report = await runner.RunAsync(Settings(options), CancellationToken.None);
                        runner.Print(report);
                        return report.Succeeded ? 0 : 1;
                    }

                case "serve":
                    {
                        var app = LocalHostApp.Build(Settings(options), args[1..]);
                        output.WriteLine($"LifeWindow local host on {app.Configuration["urls"]}; {LocalHostApp.Describe(app)}. Ctrl+C to stop.");
                        await app.RunAsync();
                        return 0;
                    }

                case "sign":
                    return Sign(args, options, output);
                case "leads":
                    return await LeadCommands.RunAsync(options, output, error);
                case "dead-letters":
                    return await DeadLetterCommands.RunAsync(args.Skip(1).ToArray(), options, output, error);
                case "import-whitelist":
                    return await ImportWhitelistCommand.RunAsync(args, options, output, CancellationToken.None);
                case "backtest":
                    return await BacktestCommand.RunAsync(options, output, error, CancellationToken.None);
                case "generate-facts":
                    return await FactFileCommands.GenerateAsync(options, output, CancellationToken.None);
                case "export-facts":
                    return await FactFileCommands.ExportAsync(options, output, CancellationToken.None);
                default:
                    error.WriteLine($"Unknown command '{args[0]}'.");
                    error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (ArgumentException ex)
        {
            error.WriteLine(ex.Message);
            return 2;
        }
        catch (IOException ex)
        {
            error.WriteLine(ex.Message);
            return 2;
        }
    }

    internal static Dictionary<string, string> Options(IEnumerable<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                pending = arg[2..];
                options[pending] = string.Empty;
            }
            else if (pending is not null)
            {
                options[pending] = arg;
                pending = null;
            }
            else
            {
                options[string.Empty] = options.TryGetValue(string.Empty, out var earlier) ? earlier + " " + arg : arg;
            }
        }

        return options;
    }

    internal static LocalHostSettings Settings(Dictionary<string, string> options)
    {
        var settings = new LocalHostSettings();
        if (options.TryGetValue("storage", out var storage))
        {
            settings = settings with
            {
                Storage = storage switch
                {
                    "memory" => StorageMode.Memory,
                    "azurite" => StorageMode.Azurite,
                    _ => throw new ArgumentException($"--storage must be 'memory' or 'azurite', not '{storage}'."),
                },
            };
        }

        if (options.TryGetValue("connection", out var connection) && connection.Length > 0)
        {
            settings = settings with { StorageConnectionString = connection };
        }

        if (options.TryGetValue("prefix", out var prefix) && prefix.Length > 0)
        {
            settings = settings with { NamePrefix = prefix };
        }

        if (options.TryGetValue("port", out var port))
        {
            settings = settings with
            {
                Port = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 0 and < 65536
                    ? p
                    : throw new ArgumentException($"--port must be a port number, not '{port}'."),
            };
        }

        return settings;
    }

    private static int Sign(string[] args, Dictionary<string, string> options, TextWriter output)
    {
        var file = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : throw new ArgumentException("sign needs a body file.");
        var secret = options.GetValueOrDefault("secret") is { Length: > 0 } s ? s : throw new ArgumentException("sign needs --secret whsec_…");
        var id = options.GetValueOrDefault("id") is { Length: > 0 } i ? i : "msg_" + Guid.NewGuid().ToString("N");
        var body = File.ReadAllText(file);
        using var request = new WebhookSender(new HttpClient(), secret, TimeProvider.System).Sign("/", id, body, TimeProvider.System.GetUtcNow());
        foreach (var header in request.Headers)
        {
            output.WriteLine($"{header.Key}: {string.Join(",", header.Value)}");
        }

        return 0;
    }
}
