using System.Buffers;
using System.Threading.Channels;
using LifeWindow.Integration.Feeds.ConsumptionScenes;

namespace LifeWindow.Integration.Batch;

/// <summary>
/// Streams a whitelist file (CSV or NDJSON) through <see cref="FeedIngestor"/>, one record per line, path
/// "line N". Memory does not grow with the file: lines come through one fixed buffer
/// (<see cref="LineReader"/>), at most <see cref="BatchImportOptions.MaxConcurrency"/> rows are in
/// flight with a small queue in front of them, and the report keeps counts plus a few sample
/// rejections — no list of rows. A bad line is rejected on its own and the import goes on.
/// </summary>
public sealed partial class WhitelistImporter(
    FeedIngestor ingestor,
    ConsumptionSceneParser parser,
    WhitelistMatcher matcher,
    IOptions<BatchImportOptions> options,
    TimeProvider time,
    ILogger<WhitelistImporter> logger)
{
    /// <param name="progress">Called on the importing task (not posted to a synchronization context), so keep it quick.</param>
    public async Task<BatchImportReport> ImportAsync(Stream content, BatchImportRequest request, IProgress<BatchImportProgress>? progress, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var started = time.GetTimestamp();
        var source = new IngestSource(parser.Feed, request.Partner, IngressMode.Batch, request.FileName);
        var totalBytes = request.TotalBytes ?? (content.CanSeek ? content.Length : null);
        var counts = new Counts(settings.UnmatchedRows == UnmatchedRows.DeadLetter);
        var reader = new LineReader(content, settings.MaxLineBytes);

        BatchImportReport Report(string? fileError = null) => counts.ToReport(source, request.Format, reader, fileError, time.GetElapsedTime(started));

        if (!matcher.HasMatchingKey(request.Partner))
        {
            // Nothing from this partner can ever match: refuse the file rather than dead-letter every row of it.
            return Finish(Report($"no matching key is agreed with partner '{request.Partner}' (Identity:MatchingKeys:{request.Partner})"));
        }

        LogStarting(logger, source.Feed, request.FileName, request.Partner, request.Format);
        CsvWhitelistLayout? layout = null;
        if (request.Format == WhitelistFormat.Csv)
        {
            var header = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (header is null)
            {
                return Finish(Report("the file is empty: a whitelist CSV starts with a header row"));
            }

            if (header.Value.TooLong)
            {
                return Finish(Report($"line 1: the header is longer than {settings.MaxLineBytes} bytes"));
            }

            layout = CsvWhitelistLayout.FromHeader(header.Value.Bytes.Span, out var error);
            if (layout is null)
            {
                return Finish(Report($"line 1: {error}"));
            }
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var rows = Channel.CreateBounded<Row>(new BoundedChannelOptions(settings.MaxConcurrency * 2) { SingleWriter = true });
        var workers = Enumerable.Range(0, settings.MaxConcurrency)
            .Select(_ => Task.Run(() => WorkAsync(rows.Reader, source, layout, counts, stop), stop.Token))
            .ToList();

        try
        {
            var lastProgress = time.GetTimestamp();
            while (await reader.ReadLineAsync(stop.Token).ConfigureAwait(false) is { } line)
            {
                counts.Lines = line.Number;
                if (!line.TooLong && IsBlank(line.Bytes.Span))
                {
                    counts.Blank++;
                }
                else
                {
                    // The line's bytes live in the reader's buffer only until the next read: the row takes a pooled copy.
                    var copy = ArrayPool<byte>.Shared.Rent(line.Bytes.Length);
                    line.Bytes.CopyTo(copy);
                    await rows.Writer.WriteAsync(new Row(line.Number, copy, line.Bytes.Length, line.TooLong), stop.Token).ConfigureAwait(false);
                }

                if (progress is not null && time.GetElapsedTime(lastProgress) >= settings.ProgressInterval)
                {
                    lastProgress = time.GetTimestamp();
                    progress.Report(counts.ToProgress(reader, totalBytes, time.GetElapsedTime(started)));
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A worker failed and stopped the import; awaiting the workers below surfaces its exception.
        }
        catch
        {
            // Reading failed (or the caller cancelled): stop the workers, then report the reader's own exception.
            await stop.CancelAsync().ConfigureAwait(false);
            rows.Writer.TryComplete();
            await Task.WhenAny(Task.WhenAll(workers)).ConfigureAwait(false);
            throw;
        }

        rows.Writer.TryComplete();
        await Task.WhenAll(workers).ConfigureAwait(false);
        progress?.Report(counts.ToProgress(reader, totalBytes, time.GetElapsedTime(started)));
        return Finish(Report());
    }

    private BatchImportReport Finish(BatchImportReport report)
    {
        if (report.FileError is { } error)
        {
            LogFileRefused(logger, report.Feed, report.FileName, report.Partner, error);
        }
        else
        {
            LogImported(logger, report.Feed, report.FileName, report.Partner, report.LinesRead, report.Accepted, report.Rejected, report.Unmatched, report.Elapsed.TotalSeconds);
        }

        return report;
    }

    private static bool IsBlank(ReadOnlySpan<byte> bytes) => bytes.Trim(" \t"u8).IsEmpty;

    private async Task WorkAsync(ChannelReader<Row> rows, IngestSource source, CsvWhitelistLayout? layout, Counts counts, CancellationTokenSource stop)
    {
        var json = new ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(json);
        try
        {
            await foreach (var row in rows.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await ImportRowAsync(row, source, layout, json, writer, counts, stop.Token).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(row.Buffer);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
        {
            // Our own failure (stream or store down): stop the whole import so the caller can retry the file.
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task ImportRowAsync(Row row, IngestSource source, CsvWhitelistLayout? layout, ArrayBufferWriter<byte> json, Utf8JsonWriter writer, Counts counts, CancellationToken cancellationToken)
    {
        var path = $"line {row.Line}";
        ReadOnlyMemory<byte> bytes = row.Buffer.AsMemory(0, row.Length);
        if (row.TooLong)
        {
            await RejectLineAsync(source, path, bytes, $"is longer than {options.Value.MaxLineBytes} bytes", counts, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (layout is not null)
        {
            json.ResetWrittenCount();
            writer.Reset(json);
            if (!layout.TryWriteRecord(bytes.Span, writer, out var error))
            {
                await RejectLineAsync(source, path, bytes, error!, counts, cancellationToken).ConfigureAwait(false);
                return;
            }

            writer.Flush();
            bytes = json.WrittenMemory;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            // System.Text.Json counts from 0 and appends its position to the message; say it once, counting from 1.
            var message = ex.Message.Split(" LineNumber:", 2)[0];
            await RejectLineAsync(source, path, bytes, $"is not valid JSON at byte {ex.BytePositionInLine + 1}: {message}", counts, cancellationToken).ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var data = document.RootElement;
            if (!counts.UnmatchedDeadLettered && ConsumptionSceneParser.PeekMatch(data) is { } match
                && await matcher.FindAsync(source.Partner, match, cancellationToken, handOff: true).ConfigureAwait(false) is null)
            {
                Interlocked.Increment(ref counts.Unmatched);
                return;
            }

            var result = await ingestor.IngestAsync(source, parser, data, path, cancellationToken).ConfigureAwait(false);
            if (result.IsAccepted)
            {
                Interlocked.Increment(ref counts.Accepted);
            }
            else if (ConsumptionSceneMatchCheck.IsUnmatched(result.Errors))
            {
                Interlocked.Increment(ref counts.Unmatched);
            }
            else
            {
                counts.Reject(result);
            }
        }
    }

    /// <summary>A line that is not a record at all: kept as a dead letter with the line as it was.</summary>
    private async Task RejectLineAsync(IngestSource source, string path, ReadOnlyMemory<byte> line, string reason, Counts counts, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Add(path, reason);
        var raw = Encoding.UTF8.GetString(line.Span);
        var letter = await ingestor.RejectAsync(source, parser.EventType, path, raw, errors, null, cancellationToken).ConfigureAwait(false);
        counts.Reject(new RecordResult(path, null, RecordResult.Rejected, letter.EvidenceHash, errors.ToDictionary(), letter.Id));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Importing {Feed} file {FileName} from {Partner} ({Format})")]
    private static partial void LogStarting(ILogger logger, string feed, string fileName, string partner, WhitelistFormat format);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Feed} file {FileName} from {Partner}: {Lines} lines, {Accepted} accepted, {Rejected} rejected, {Unmatched} unmatched in {Seconds:F1} s")]
    private static partial void LogImported(ILogger logger, string feed, string fileName, string partner, long lines, long accepted, long rejected, long unmatched, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Feed} file {FileName} from {Partner}: {Reason}")]
    private static partial void LogFileRefused(ILogger logger, string feed, string fileName, string partner, string reason);

    private sealed record Row(long Line, byte[] Buffer, int Length, bool TooLong);

    /// <summary>Running totals, shared by the workers (hence fields for Interlocked).</summary>
    private sealed class Counts(bool unmatchedDeadLettered)
    {
        public readonly bool UnmatchedDeadLettered = unmatchedDeadLettered;
        private readonly ConcurrentQueue<RecordResult> samples = new();
        public long Lines;
        public long Blank;
        public long Accepted;
        public long Rejected;
        public long Unmatched;

        public void Reject(RecordResult result)
        {
            if (Interlocked.Increment(ref Rejected) <= BatchImportReport.MaxSampleRejections)
            {
                samples.Enqueue(result);
            }
        }

        public BatchImportProgress ToProgress(LineReader reader, long? totalBytes, TimeSpan elapsed) =>
            new(reader.BytesRead, totalBytes, Interlocked.Read(ref Lines), Interlocked.Read(ref Accepted), Interlocked.Read(ref Rejected), Interlocked.Read(ref Unmatched), elapsed);

        public BatchImportReport ToReport(IngestSource source, WhitelistFormat format, LineReader reader, string? fileError, TimeSpan elapsed) => new()
        {
            Feed = source.Feed,
            Partner = source.Partner,
            FileName = source.DeliveryId,
            Format = format,
            BytesRead = reader.BytesRead,
            LinesRead = reader.LineNumber,
            BlankLines = Blank,
            Accepted = Accepted,
            Rejected = Rejected,
            Unmatched = Unmatched,
            UnmatchedDeadLettered = UnmatchedDeadLettered,
            FileError = fileError,
            Elapsed = elapsed,
            SampleRejections = [.. samples],
        };
    }
}
