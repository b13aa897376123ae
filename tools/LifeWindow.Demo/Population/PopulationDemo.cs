using LifeWindow.LocalHost.Hosting;
using LifeWindow.Sandbox.Population;
using LifeWindow.Sandbox.Demand;
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

    /// <summary>Customers whose history trains the demand model before the run (the population's first ones).</summary>
    public const int DefaultModelCustomers = 3_000;

    public const string DefaultModelFile = "artifacts/demand-model.zip";

    /// <summary>
    /// Runs the population part unless <paramref name="customers"/> is 0 (then null): the demand model trained on the first
    /// <paramref name="modelCustomers"/> customers' history (none when 0: the rules alone), then the run with its live
    /// experiment; prints its report and summary.
    /// </summary>
    public static async Task<PopulationReport?> RunAsync(
        IAnsiConsole console, TextWriter output, LocalHostSettings settings, int customers, int seed, int modelCustomers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (customers <= 0)
        {
            return null;
        }

        var population = new SyntheticPopulation(seed, customers, YearMonth.From(BusinessClock.Today(TimeProvider.System)).AddMonths(-1));
        LiveExperiment? experiment = null;
        output.WriteLine();
        if (modelCustomers > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Training the demand model on the history of the first {Math.Min(modelCustomers, customers):N0} customers (replayed month by month through the catalog; the last 12 months held out)…"));
            experiment = new LiveExperiment(population, new DemandExperimentSettings(), Path.GetFullPath(DefaultModelFile));
            await experiment.TrainAsync(modelCustomers, cancellationToken);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Population run: {customers:N0} synthetic customers (seed {seed}), 36 months of every feed each, on a host of its own ({settings.Storage}){(experiment is null ? string.Empty : ", the demand model beside the rules")}."));
        var run = new PopulationRun(population, new PopulationProgress(console, output, customers), experiment);
        var report = await run.RunAsync(settings, SettleTimeout, cancellationToken);
        await report.WriteFunnelAsync(DefaultFunnelFile, cancellationToken);
        report.Print(output);
        output.WriteLine();
        output.WriteLine(report.Summary);
        return report;
    }
}
