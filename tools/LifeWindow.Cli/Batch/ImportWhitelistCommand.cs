using LifeWindow.Integration.Batch;
using LifeWindow.Integration.Streams;
using LifeWindow.Integration.Tokenization;
using LifeWindow.Sandbox.Partners;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LifeWindow.Cli.Batch;

/// <summary>
/// lifewindow import-whitelist &lt;file&gt; --partner &lt;id&gt;: runs the local host (no HTTP needed, so on a
/// free port), streams the file through the same importer the blob-drop function uses, draws a progress
/// bar, waits for the stream consumers to fold what was accepted, and prints the report.
/// </summary>
public static class ImportWhitelistCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "the whitelist file (CSV layout v1 or NDJSON)" };
        var partner = new Option<string>("--partner") { Description = "the partner that sent it (its matching key is agreed with that partner), e.g. meituan" };
        var format = new Option<WhitelistFormat?>("--format")
        {
            Description = "csv or ndjson (default: from the file name)",
            HelpName = "csv|ndjson",
            CustomParser = r => r.Tokens.Single().Value switch
            {
                "csv" => WhitelistFormat.Csv,
                "ndjson" => WhitelistFormat.Ndjson,
                var other => LocalHostOptions.Refuse<WhitelistFormat?>(r, $"--format must be 'csv' or 'ndjson', not '{other}'."),
            },
        };
        var seedDemo = new Option<bool>("--seed-demo") { Description = "add the demo identities to the match index (memory storage always starts with them)" };
        var host = new LocalHostOptions();
        var command = new Command("import-whitelist", "Stream a consumption-scene whitelist file through ingress with a progress bar, then print the report. Exit 0 imported, 1 file refused.") { file, format, seedDemo }
            .Require(partner, "import-whitelist needs --partner <id> (e.g. meituan).");
        host.AddTo(command, listens: false);
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(file)!, result.GetValue(partner)!, result.GetValue(format), result.GetValue(seedDemo), host.Read(result), result.Writers().Output, cancellationToken));
        return command;
    }

    /// <summary>Exit codes: 0 imported (rejected rows are dead letters, listed in the report), 1 the file was refused.</summary>
    public static async Task<int> RunAsync(FileInfo file, string partner, WhitelistFormat? chosenFormat, bool seedDemo, LocalHostSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        var format = chosenFormat ?? WhitelistFormats.FromFileName(file.Name) ?? throw new ArgumentException("Cannot tell the format from the file name: add --format csv or --format ndjson.");
        var quiet = new Dictionary<string, string?>(settings.Overrides)
        {
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",

            // Each rejection is in the report and the dead-letter store; a warning per row would bury the progress bar.
            ["Logging:LogLevel:LifeWindow.Integration.Ingress.FeedIngestor"] = "Error",
        };

        await using var content = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using var app = LocalHostApp.Build(settings with { Port = 0, Overrides = quiet });
        await app.StartAsync(cancellationToken);
        try
        {
            var time = app.Services.GetRequiredService<TimeProvider>();
            if (settings.Storage == StorageMode.Memory || seedDemo)
            {
                var seeded = await WhitelistSamples.SeedMatchIndexAsync(app.Services.GetRequiredService<CustomerKeyTokenizer>(), app.Services.GetRequiredService<IMatchIndex>(), time, cancellationToken);
                output.WriteLine($"Match index: added the {seeded} demo identities (tools/LifeWindow.Sandbox/Partners/WhitelistSamples.cs).");
            }

            output.WriteLine($"Importing {file.Name} ({format}, {content.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes) from partner {partner} on {settings.Storage} storage");
            var bar = new ConsoleProgressBar(output, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected, time);
            var report = await app.Services.GetRequiredService<WhitelistImporter>()
                .ImportAsync(content, new BatchImportRequest(partner, file.Name, format, content.Length), bar, cancellationToken);
            bar.Complete();

            // Let the consumers fold what was accepted before the host stops.
            await app.Services.GetRequiredService<IFeedBacklog>().WaitForIdleAsync(TimeSpan.FromMinutes(10), cancellationToken);
            Print(report, output);
            return report.Succeeded ? 0 : 1;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    public static void Print(BatchImportReport report, TextWriter output)
    {
        string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
        output.WriteLine();
        if (report.FileError is { } error)
        {
            output.WriteLine($"File refused, nothing imported: {error}");
            return;
        }

        output.WriteLine($"Import report — {report.FileName} from {report.Partner} ({report.Format})");
        output.WriteLine($"  bytes read        {N(report.BytesRead)}");
        output.WriteLine($"  lines read        {N(report.LinesRead)}  ({N(report.BlankLines)} blank{(report.Format == WhitelistFormat.Csv ? ", 1 header" : string.Empty)})");
        output.WriteLine($"  records           {N(report.Records)}");
        output.WriteLine($"  accepted          {N(report.Accepted)}  (on the feed stream)");
        output.WriteLine($"  rejected          {N(report.Rejected)}  (kept as dead letters)");
        output.WriteLine($"  unmatched         {N(report.Unmatched)}  ({(report.UnmatchedDeadLettered ? "kept as dead letters" : "counted only: nothing is kept about non-customers")})");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  elapsed           {report.Elapsed.TotalSeconds:F1} s  ({report.RowsPerSecond:N0} records/s)"));
        foreach (var rejection in report.SampleRejections.OrderBy(r => LineOf(r.Path)))
        {
            var reasons = string.Join("; ", rejection.Errors?.Select(e => Field(rejection.Path, e.Key) + string.Join(", ", e.Value)) ?? []);
            output.WriteLine($"  ✗ {rejection.Path}: {reasons}  [dead letter {rejection.DeadLetterId}]");
        }

        if (report.Rejected > report.SampleRejections.Count)
        {
            output.WriteLine($"  … {N(report.Rejected - report.SampleRejections.Count)} more rejections in the dead-letter store.");
        }
    }

    /// <summary>"line 7.scenes.Travel.spendBand" under "line 7" prints as "scenes.Travel.spendBand: "; the line itself as nothing.</summary>
    private static string Field(string path, string key) =>
        key == path ? string.Empty : key.StartsWith(path + ".", StringComparison.Ordinal) ? key[(path.Length + 1)..] + ": " : key + ": ";

    private static long LineOf(string path) =>
        long.TryParse(path.AsSpan(path.IndexOf(' ', StringComparison.Ordinal) + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var line) ? line : 0;
}
