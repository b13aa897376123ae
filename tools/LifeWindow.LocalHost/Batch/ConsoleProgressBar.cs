using System.Globalization;
using LifeWindow.Integration.Batch;

namespace LifeWindow.LocalHost.Batch;

/// <summary>
/// A one-line progress bar for the import: bytes read of the total, throughput and the running counts.
/// Hand-written (about forty lines) rather than a library: none is in the package set we can restore
/// here, and one redrawn line is all the CLI needs. On a terminal it redraws in place with '\r'; when
/// output is redirected it prints a plain line every few seconds instead.
/// </summary>
public sealed class ConsoleProgressBar(TextWriter output, bool interactive, TimeProvider time) : IProgress<BatchImportProgress>
{
    private const int Width = 28;
    private static readonly TimeSpan RedirectedInterval = TimeSpan.FromSeconds(5);
    private long lastPrinted;
    private bool drawn;
    private BatchImportProgress? unprinted;

    public void Report(BatchImportProgress value)
    {
        if (!interactive)
        {
            if (lastPrinted != 0 && time.GetElapsedTime(lastPrinted) < RedirectedInterval)
            {
                unprinted = value;
                return;
            }

            lastPrinted = time.GetTimestamp();
            unprinted = null;
            output.WriteLine(Describe(value));
            return;
        }

        output.Write("\r" + Describe(value));
        drawn = true;
    }

    /// <summary>Prints the final state if throttling held it back, and ends the redrawn line so what follows starts on a line of its own.</summary>
    public void Complete()
    {
        if (unprinted is { } last)
        {
            output.WriteLine(Describe(last));
            unprinted = null;
        }

        if (drawn)
        {
            output.WriteLine();
            drawn = false;
        }
    }

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
