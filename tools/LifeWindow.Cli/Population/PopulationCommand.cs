using System.Diagnostics;
using LifeWindow.Sandbox.Population;

namespace LifeWindow.Cli.Population;

/// <summary>
/// lifewindow population: stream a seeded synthetic population (36 months of every feed per customer), print the achieved
/// statistics beside DOMAIN.md's targets and the rate; with --out, also write the facts as NDJSON (FactNdjson, backtest-ready).
/// </summary>
public static class PopulationCommand
{
    public const int DefaultSeed = 20261207;

    public static Command Create()
    {
        var customers = CliOptions.PositiveNumber("--customers", "how many synthetic customers", defaultValue: () => SyntheticPopulation.DefaultCustomers);
        var seed = CliOptions.PositiveNumber("--seed", "the generator's seed", defaultValue: () => DefaultSeed);
        var file = new Option<string>("--out") { Description = "also write every customer's facts to this NDJSON file", HelpName = "population.ndjson" };
        var command = new Command("population", "Generate a seeded synthetic population (36 months, every feed) and print its statistics beside the targets.") { customers, seed, file };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(customers), result.GetValue(seed), result.GetValue(file), result.Writers().Output, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(int customers, int seed, string? file, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var population = new SyntheticPopulation(seed, customers);
        var statistics = new PopulationStatistics();
        var clock = Stopwatch.StartNew();
        if (file is null)
        {
            foreach (var customer in population.Generate())
            {
                cancellationToken.ThrowIfCancellationRequested();
                statistics.Add(customer, population.AsOf);
            }
        }
        else
        {
            await using var stream = new BufferedStream(File.Create(file), 1 << 16);
            await population.WriteAsync(stream, c => statistics.Add(c, population.AsOf), cancellationToken);
        }

        clock.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Population of {customers:N0} customers (seed {seed}), {population.FirstMonth}..{population.LastMonth}: {statistics.Facts:N0} facts{(file is null ? string.Empty : " written to " + file)}."));
        output.Write(statistics.Table());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{clock.Elapsed.TotalSeconds:0.0} s, {customers / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):N0} customers/s, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024):N0} MiB."));
        return statistics.Rows().All(r => r.Ok) ? 0 : 1;
    }
}
