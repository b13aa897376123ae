using LifeWindow.LocalHost.Hosting;
using LifeWindow.Sandbox.Population;
using Spectre.Console;

namespace LifeWindow.Demo.Population;

/// <summary>The population part of the demo, as the command line runs it: the run with its live display, then the report.</summary>
public static class PopulationDemo
{
    public const int DefaultSeed = 20261207;

    /// <summary>The smaller default on Azurite, where every fold and workflow step is a storage round trip.</summary>
    public const int AzuriteCustomers = 500;

    public const string DefaultFunnelFile = "artifacts/population-funnel.svg";

    /// <summary>How long the run may take to settle after the last customer is loaded.</summary>
    public static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(15);

    public static int DefaultCustomers(StorageMode storage) => storage == StorageMode.Azurite ? AzuriteCustomers : SyntheticPopulation.DefaultCustomers;

    /// <summary>Runs the population part unless <paramref name="customers"/> is 0 (then null); prints its report and summary.</summary>
    public static async Task<PopulationReport?> RunAsync(
        IAnsiConsole console, TextWriter output, LocalHostSettings settings, int customers, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (customers <= 0)
        {
            return null;
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Population run: {customers:N0} synthetic customers (seed {seed}), 36 months of every feed each, on a host of its own ({settings.Storage})."));
        var run = new PopulationRun(customers, seed, new PopulationProgress(console, output, customers));
        var report = await run.RunAsync(settings, SettleTimeout, cancellationToken);
        await report.WriteFunnelAsync(DefaultFunnelFile, cancellationToken);
        report.Print(output);
        output.WriteLine();
        output.WriteLine(report.Summary);
        return report;
    }
}
