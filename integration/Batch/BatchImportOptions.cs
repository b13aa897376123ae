namespace LifeWindow.Integration.Batch;

/// <summary>What happens to a well-formed row whose match token names nobody we know.</summary>
public enum UnmatchedRows
{
    /// <summary>Counted in the report and otherwise forgotten: nothing is kept about people who are not our customers.</summary>
    Count,

    /// <summary>Kept as a dead letter like any other rejection (for a small file under investigation).</summary>
    DeadLetter,
}

public sealed class BatchImportOptions
{
    public const string Section = "BatchImport";

    /// <summary>Longest line accepted (bytes, without the line break); a longer one is rejected without ever being held whole.</summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxLineBytes { get; set; } = 64 * 1024;

    /// <summary>Rows in flight at once (index lookups and stream writes overlap); memory stays bounded by this.</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 4;

    public UnmatchedRows UnmatchedRows { get; set; } = UnmatchedRows.Count;

    /// <summary>Where the blob-drop function writes each file's import report (a container of its own, so a report never looks like a new drop).</summary>
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    public string ReportContainer { get; set; } = "whitelist-reports";

    /// <summary>Blob endpoint for managed identity; when empty, Storage:ConnectionString is used.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>How often progress is reported.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
