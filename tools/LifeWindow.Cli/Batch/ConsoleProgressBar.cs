using LifeWindow.Integration.Batch;

namespace LifeWindow.Cli.Batch;

/// <summary>The import's one-line progress (on <see cref="ConsoleProgress{T}"/>): bytes read of the total, throughput and the running counts.</summary>
public sealed class ConsoleProgressBar(TextWriter output, bool interactive, TimeProvider time)
    : ConsoleProgress<BatchImportProgress>(output, interactive, time, (p, _, _) => Describe(p))
{
    private const int Width = 28;

    public static string Describe(BatchImportProgress p)
    {
        var seconds = Math.Max(p.Elapsed.TotalSeconds, 0.001);
        var filled = (int)Math.Round((p.Fraction ?? 0) * Width);
        var bar = p.Fraction is null ? new string('?', Width) : new string('#', filled) + new string('-', Width - filled);
        var total = p.TotalBytes is { } t ? Size(t) : "?";
        return string.Create(CultureInfo.InvariantCulture,
            $"[{bar}] {p.Fraction ?? 0,6:P1}  {Size(p.BytesRead)} of {total}  {p.BytesRead / seconds / 1048576,6:F1} MB/s  {p.LinesRead / seconds,8:N0} lines/s  accepted {p.Accepted:N0}  rejected {p.Rejected:N0}  unmatched {p.Unmatched:N0} ");
    }

    private static string Size(long bytes) => bytes < 1048576
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024d:F1} KB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576d:F1} MB");
}
