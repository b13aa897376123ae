namespace LifeWindow.Cli;

/// <summary>
/// A one-line progress display for the CLI's long commands (import, backtest). Hand-written (a few dozen
/// lines) rather than a library: none is in the package set we can restore here, and one redrawn line is
/// all the CLI needs. On a terminal it redraws in place with '\r' at most ten times a second; when output
/// is redirected it prints a plain line every few seconds instead. What a line says is the caller's.
/// </summary>
/// <param name="describe">The line for a value, given the time since start and a frame counter (for spinners).</param>
public class ConsoleProgress<T>(TextWriter output, bool interactive, TimeProvider time, Func<T, TimeSpan, int, string> describe) : IProgress<T>
    where T : class
{
    private static readonly TimeSpan InteractiveInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RedirectedInterval = TimeSpan.FromSeconds(5);
    private readonly long started = time.GetTimestamp();
    private long lastPrinted;
    private int frame;
    private bool drawn;
    private T? unprinted;

    public void Report(T value)
    {
        if (lastPrinted != 0 && time.GetElapsedTime(lastPrinted) < (interactive ? InteractiveInterval : RedirectedInterval))
        {
            unprinted = value;
            return;
        }

        lastPrinted = time.GetTimestamp();
        unprinted = null;
        Draw(value);
    }

    /// <summary>Draws the state throttling held back, and ends the redrawn line so what follows starts on a line of its own.</summary>
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

    private void Draw(T value)
    {
        var line = describe(value, time.GetElapsedTime(started), frame++);
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
}
