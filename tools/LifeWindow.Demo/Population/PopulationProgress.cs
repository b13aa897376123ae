using Spectre.Console;
using Spectre.Console.Rendering;

namespace LifeWindow.Demo.Population;

/// <summary>One reading of the run: the loader's own counts, the host's counters (its meter), and what the CRM desk sees.</summary>
public sealed record PopulationSample(
    TimeSpan Elapsed, long Customers, long Published, long Folded, long Windows, long Workflows, int Running, int Leads, int Outcomes);

/// <summary>
/// The live display of the population run (Spectre.Console): each figure's total, its rate over the last second and its
/// average rate. On a terminal it redraws in place four times a second; when output is redirected (CI, a log file) it
/// writes a plain line every five seconds, and one at the end, to <paramref name="redirected"/> instead, so the log stays readable.
/// </summary>
public sealed class PopulationProgress(IAnsiConsole console, TextWriter redirected, int customers)
{
    private static readonly TimeSpan Interactive = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Redirected = TimeSpan.FromSeconds(5);

    public async Task RunAsync(Func<PopulationSample> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var last = read();
        var rates = new Rates();
        if (!console.Profile.Capabilities.Interactive)
        {
            while (await TickAsync(Redirected, cancellationToken))
            {
                var now = read();
                await redirected.WriteLineAsync(Line(now, rates.Next(last, now)));
                last = now;
            }

            // And where it ended, however short the run.
            var end = read();
            await redirected.WriteLineAsync(Line(end, rates.Next(last, end)));
            return;
        }

        await console.Live(Render(last, rates.Next(last, last))).AutoClear(false).StartAsync(async context =>
        {
            while (await TickAsync(Interactive, cancellationToken))
            {
                var now = read();
                context.UpdateTarget(Render(now, rates.Next(last, now)));
                last = now;
            }

            context.UpdateTarget(Render(read(), rates.Current));
        });
    }

    private static async Task<bool> TickAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(interval, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private IRenderable Render(PopulationSample s, PopulationSample perSecond)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"LifeWindow on {customers:N0} synthetic customers — {s.Elapsed:mm\\:ss}")
            .AddColumn("")
            .AddColumn(new TableColumn("total").RightAligned())
            .AddColumn(new TableColumn("per second now").RightAligned())
            .AddColumn(new TableColumn("per second, average").RightAligned());
        void Row(string name, long total, long now) =>
            table.AddRow(name, total.ToString("N0", CultureInfo.InvariantCulture), now.ToString("N0", CultureInfo.InvariantCulture), Average(total, s.Elapsed));
        Row($"customers loaded (of {customers:N0})", s.Customers, perSecond.Customers);
        Row("records published", s.Published, perSecond.Published);
        Row("records folded", s.Folded, perSecond.Folded);
        Row("windows opened", s.Windows, perSecond.Windows);
        Row("workflows started", s.Workflows, perSecond.Workflows);
        Row("leads at the CRM", s.Leads, perSecond.Leads);
        Row("outcomes reported", s.Outcomes, perSecond.Outcomes);
        table.AddRow("workflows running", s.Running.ToString("N0", CultureInfo.InvariantCulture), string.Empty, string.Empty);
        return table;
    }

    private static string Line(PopulationSample s, PopulationSample perSecond) => string.Create(CultureInfo.InvariantCulture,
        $"  {s.Elapsed:mm\\:ss} customers {s.Customers:N0}, records {s.Published:N0} published / {s.Folded:N0} folded ({perSecond.Folded:N0}/s), windows {s.Windows:N0}, workflows {s.Workflows:N0} started / {s.Running:N0} running, leads {s.Leads:N0}, outcomes {s.Outcomes:N0}");

    private static string Average(long total, TimeSpan elapsed) =>
        elapsed.TotalSeconds < 0.5 ? string.Empty : (total / elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Per-second rates between two readings.</summary>
    private sealed class Rates
    {
        public PopulationSample Current { get; private set; } = new(TimeSpan.Zero, 0, 0, 0, 0, 0, 0, 0, 0);

        public PopulationSample Next(PopulationSample before, PopulationSample now)
        {
            var seconds = (now.Elapsed - before.Elapsed).TotalSeconds;
            if (seconds <= 0)
            {
                return Current;
            }

            long Per(long a, long b) => (long)Math.Round((b - a) / seconds);
            Current = new PopulationSample(
                now.Elapsed - before.Elapsed,
                Per(before.Customers, now.Customers),
                Per(before.Published, now.Published),
                Per(before.Folded, now.Folded),
                Per(before.Windows, now.Windows),
                Per(before.Workflows, now.Workflows),
                0,
                (int)Per(before.Leads, now.Leads),
                (int)Per(before.Outcomes, now.Outcomes));
            return Current;
        }
    }
}
