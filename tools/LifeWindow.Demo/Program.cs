using System.CommandLine;
using LifeWindow.Demo;
using LifeWindow.Demo.Population;
using LifeWindow.LocalHost.CommandLine;
using LifeWindow.LocalHost.Hosting;
using LifeWindow.Sandbox.Population;
using Spectre.Console;

// lifewindow-demo: the main job. Exit 0 when everything expected happened, 1 otherwise, 2 on bad arguments.
var host = new LocalHostOptions();
var root = new RootCommand(
    "LifeWindow demo: starts the local host, sends it signed sample webhooks over HTTP (partners, the bank, consents, a CRM "
    + "outcome), runs each scheduled pull once against the sandbox partners, waits for the workflows, and prints the windows "
    + "and leads produced; then runs the whole system on a seeded synthetic population with a live progress display and "
    + "prints its calibration, summary and funnel. Exits 0 when everything expected happened.");
var funnel = new Option<string>("--funnel-out") { Description = $"where to write the funnel picture (SVG; default {DemoRunner.DefaultFunnelFile})", HelpName = "funnel.svg", DefaultValueFactory = _ => DemoRunner.DefaultFunnelFile };
var customers = new Option<int?>("--customers") { Description = $"synthetic customers in the population run (default {SyntheticPopulation.DefaultCustomers:N0} on the embedded default, {PopulationDemo.AzuriteCustomers:N0} with --storage azurite; 0 skips it)", HelpName = "N" };
var seed = new Option<int>("--seed") { Description = "the population's seed", DefaultValueFactory = _ => PopulationDemo.DefaultSeed };
var modelCustomers = new Option<int>("--model-customers") { Description = $"customers whose history trains the demand model before the population run (default {PopulationDemo.DefaultModelCustomers:N0}; 0: the rules alone, no experiment)", HelpName = "N", DefaultValueFactory = _ => PopulationDemo.DefaultModelCustomers };
root.Options.Add(funnel);
root.Options.Add(customers);
root.Options.Add(seed);
root.Options.Add(modelCustomers);
host.AddTo(root, listens: false);
root.SetAction(async (result, cancellationToken) =>
{
    var output = result.InvocationConfiguration.Output;
    var settings = host.Read(result) with { Port = 0 };
    var runner = new DemoRunner(output, result.GetValue(funnel));
    var report = await runner.RunAsync(settings, cancellationToken).ConfigureAwait(false);
    runner.Print(report);
    var population = await PopulationDemo.RunAsync(
        AnsiConsole.Console, output, settings, result.GetValue(customers) ?? PopulationDemo.DefaultCustomers(settings.Storage), result.GetValue(seed), result.GetValue(modelCustomers), cancellationToken).ConfigureAwait(false);
    return report.Succeeded && population is not { Succeeded: false } ? 0 : 1;
});

return await CommandLineRunner.RunAsync(root, args, Console.Out, Console.Error).ConfigureAwait(false);
