using System.Globalization;
using LifeWindow.Domain.Backtests;

namespace LifeWindow.LocalHost.Backtests;

/// <summary>
/// The backtest's one-line progress, in the style of the import's <see cref="Batch.ConsoleProgressBar"/>: a bar of customers
/// done of the total when the source knows it, else a spinner and the count. On a terminal it redraws in place (at most ten
/// times a second); when output is redirected it prints a plain line every few seconds.
/// </summary>
public sealed class BacktestProgressBar(TextWriter output, bool interactive, TimeProvider time) : IProgress<BacktestProgress>
{
    private const int Width = 28;
    private static readonly TimeSpan InteractiveInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RedirectedInterval = TimeSpan.FromSeconds(5);
    private readonly long started = time.GetTimestamp();
    private long lastPrinted;
    private int frame;
    private bool drawn;
    private BacktestProgress? unprinted;

    public void Report(BacktestProgress value)
    {
        var interval = interactive ? InteractiveInterval : RedirectedInterval;
        if (lastPrinted != 0 && time.GetElapsedTime(lastPrinted) < interval)
        {
            unprinted = value;
            return;
        }

        lastPrinted = time.GetTimestamp();
        unprinted = null;
        Draw(value);
    }

    /// <summary>Draws the final state and ends the line, so what follows starts on a line of its own.</summary>
    public void Complete()
    {
        if (unprinted is { } last)
        {
            Draw(last);
            unprinted = null;
        }

        if (drawn && interactive)
        {
            output.WriteLine();
        }

        drawn = false;
    }

    private void Draw(BacktestProgress value)
    {
        var line = Describe(value, time.GetElapsedTime(started), frame++);
        if (interactive)
        {
            output.Write("\r" + line);
        }
        else
        {
            output.WriteLine(line);
        }

        drawn = true;
    }

    public static string Describe(BacktestProgress p, TimeSpan elapsed, int frame = 0)
    {
        ArgumentNullException.ThrowIfNull(p);
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        var rates = string.Create(CultureInfo.InvariantCulture,
            $"{p.CustomersDone / seconds,8:N0} customers/s  facts {p.Facts:N0}  differences {p.Differences:N0} ");
        if (p.Fraction is { } fraction)
        {
            var filled = (int)Math.Round(fraction * Width);
            return string.Create(CultureInfo.InvariantCulture,
                $"[{new string('#', filled)}{new string('-', Width - filled)}] {fraction,6:P1}  {p.CustomersDone:N0} of {p.CustomersTotal:N0} customers  {rates}");
        }

        var spinner = "|/-\\"[frame % 4];
        return string.Create(CultureInfo.InvariantCulture, $"[{spinner}] {p.CustomersDone:N0} customers  {rates}");
    }
}
