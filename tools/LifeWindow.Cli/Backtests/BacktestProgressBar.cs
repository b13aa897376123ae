using LifeWindow.Domain.Backtests;

namespace LifeWindow.Cli.Backtests;

/// <summary>
/// The backtest's one-line progress, on <see cref="ConsoleProgress{T}"/>: a bar of customers
/// done of the total when the source knows it, else a spinner and the count.
/// </summary>
public sealed class BacktestProgressBar(TextWriter output, bool interactive, TimeProvider time)
    : ConsoleProgress<BacktestProgress>(output, interactive, time, (p, elapsed, frame) => Describe(p, elapsed, frame))
{
    private const int Width = 28;

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
