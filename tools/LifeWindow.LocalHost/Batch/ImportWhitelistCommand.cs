using System.Globalization;
using LifeWindow.Integration.Batch;
using LifeWindow.Integration.Streams;
using LifeWindow.Integration.Tokenization;
using LifeWindow.LocalHost.Demo;
using LifeWindow.LocalHost.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LifeWindow.LocalHost.Batch;

/// <summary>
/// lifewindow import-whitelist &lt;file&gt; --partner &lt;id&gt;: runs the local host (no HTTP needed, so on a
/// free port), streams the file through the same importer the blob-drop function uses, draws a progress
/// bar, waits for the stream consumers to fold what was accepted, and prints the report.
/// </summary>
public static class ImportWhitelistCommand
{
    /// <summary>Exit codes: 0 imported (rejected rows are dead letters, listed in the report), 1 the file was refused, 2 bad arguments.</summary>
    public static async Task<int> RunAsync(string[] args, Dictionary<string, string> options, TextWriter output, CancellationToken cancellationToken)
    {
        var file = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : throw new ArgumentException("import-whitelist needs a file.");
        var partner = options.GetValueOrDefault("partner") is { Length: > 0 } p ? p : throw new ArgumentException("import-whitelist needs --partner <id> (e.g. meituan).");
        var format = options.GetValueOrDefault("format") switch
        {
            null or "" => WhitelistFormats.FromFileName(file) ?? throw new ArgumentException("Cannot tell the format from the file name: add --format csv or --format ndjson."),
            "csv" => WhitelistFormat.Csv,
            "ndjson" => WhitelistFormat.Ndjson,
            var other => throw new ArgumentException($"--format must be 'csv' or 'ndjson', not '{other}'."),
        };
        var settings = Cli.Settings(options);
        var quiet = new Dictionary<string, string?>(settings.Overrides)
        {
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",

            // Each rejection is in the report and the dead-letter store; a warning per row would bury the progress bar.
            ["Logging:LogLevel:LifeWindow.Integration.Ingress.FeedIngestor"] = "Error",
        };

        await using var content = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using var app = LocalHostApp.Build(settings with { Port = 0, Overrides = quiet });
        await app.StartAsync(cancellationToken);
        try
        {
            var time = app.Services.GetRequiredService<TimeProvider>();
            if (settings.Storage == StorageMode.Memory || options.ContainsKey("seed-demo"))
            {
                var seeded = await WhitelistSamples.SeedMatchIndexAsync(app.Services.GetRequiredService<CustomerKeyTokenizer>(), app.Services.GetRequiredService<IMatchIndex>(), time, cancellationToken);
                output.WriteLine($"Match index: added the {seeded} demo identities (tools/LifeWindow.LocalHost/Demo/WhitelistSamples.cs).");
            }

            output.WriteLine($"Importing {Path.GetFileName(file)} ({format}, {content.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes) from partner {partner} on {settings.Storage} storage");
            var bar = new ConsoleProgressBar(output, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected, time);
            var report = await app.Services.GetRequiredService<WhitelistImporter>()
                .ImportAsync(content, new BatchImportRequest(partner, Path.GetFileName(file), format, content.Length), bar, cancellationToken);
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
