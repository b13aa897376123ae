namespace LifeWindow.Integration.Batch;

public enum WhitelistFormat
{
    /// <summary>Header row, then one row per customer and period (see <see cref="CsvWhitelistLayout"/>).</summary>
    Csv,

    /// <summary>One JSON record per line, the same shape as a webhook's "data".</summary>
    Ndjson,
}

public static class WhitelistFormats
{
    /// <summary>The format a file name suggests (.csv; .ndjson, .jsonl), or null.</summary>
    public static WhitelistFormat? FromFileName(string name) => Path.GetExtension(name).ToUpperInvariant() switch
    {
        ".CSV" => WhitelistFormat.Csv,
        ".NDJSON" or ".JSONL" => WhitelistFormat.Ndjson,
        _ => null,
    };
}

/// <summary>A file to import: who sent it, what it is called (the delivery id of its records), its format and size if known.</summary>
public sealed record BatchImportRequest(string Partner, string FileName, WhitelistFormat Format, long? TotalBytes = null);

/// <summary>Where an import has got to; reported every <see cref="BatchImportOptions.ProgressInterval"/> and once at the end.</summary>
public sealed record BatchImportProgress(long BytesRead, long? TotalBytes, long LinesRead, long Accepted, long Rejected, long Unmatched, TimeSpan Elapsed)
{
    public double? Fraction => TotalBytes is > 0 ? Math.Min(1d, (double)BytesRead / TotalBytes.Value) : null;
}

/// <summary>
/// The outcome of one file. Every data line is exactly one of: accepted (on the stream), rejected (a
/// dead letter: malformed or invalid), or unmatched (well-formed, names nobody we know; dead-lettered
/// only when <see cref="UnmatchedDeadLettered"/>). Blank lines and the CSV header are not records.
/// </summary>
public sealed record BatchImportReport
{
    /// <summary>How many rejections the report lists in full; the rest are in the dead-letter store.</summary>
    public const int MaxSampleRejections = 10;

    public required string Feed { get; init; }

    public required string Partner { get; init; }

    public required string FileName { get; init; }

    public required WhitelistFormat Format { get; init; }

    public long BytesRead { get; init; }

    public long LinesRead { get; init; }

    public long BlankLines { get; init; }

    public long Records => Accepted + Rejected + Unmatched;

    public long Accepted { get; init; }

    public long Rejected { get; init; }

    public long Unmatched { get; init; }

    public bool UnmatchedDeadLettered { get; init; }

    /// <summary>Set when the file as a whole could not be imported (bad CSV header, partner without a matching key); nothing was ingested.</summary>
    public string? FileError { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>The first few rejections (path "line N", reasons, dead-letter id), in no guaranteed order.</summary>
    public IReadOnlyList<RecordResult> SampleRejections { get; init; } = [];

    public bool Succeeded => FileError is null;

    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? Records / Elapsed.TotalSeconds : 0;
}
