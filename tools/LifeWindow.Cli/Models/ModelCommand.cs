using System.CommandLine.Parsing;
using LifeWindow.Cli.Population;
using LifeWindow.Domain.Demand;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Demand;
using LifeWindow.Integration.Intents;
using LifeWindow.Sandbox.Demand;
using LifeWindow.Sandbox.Population;

namespace LifeWindow.Cli.Models;

/// <summary>
/// <c>lifewindow model train|evaluate|experiment</c>: the demand-prediction model on a seeded synthetic population
/// (docs/models.md). train fits FastTree on the earlier months, prints the holdout metrics and saves the model with its
/// manifest (retraining is this command); evaluate scores a saved model on a population's holdout months; experiment runs
/// champion (rules), challenger (model) and control arms there and prints the uplift table.
/// </summary>
internal static class ModelCommand
{
    public static Command Create() => new("model", "The demand-prediction model: train, evaluate, and the champion/challenger experiment (docs/models.md).") { Train(), Evaluate(), Experiment() };

    private static Command Train()
    {
        var (customers, seed, holdout) = PopulationOptions();
        var trees = CliOptions.PositiveNumber("--trees", "boosted trees", max: 2_000, defaultValue: () => new DemandTrainingOptions().Trees);
        var output = new Option<string>("--out") { Description = "where to write the model (a zip with its manifest)", HelpName = "demand-model.zip" };
        var command = new Command("train", "Train the demand model on the earlier months of a synthetic population, print its holdout metrics and save it.") { customers, seed, holdout, trees };
        command.Require(output, "model train needs --out, the model file to write.");
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = new DemandExperimentSettings { HoldoutMonths = result.GetValue(holdout), Training = new DemandTrainingOptions { Trees = result.GetValue(trees) } };
            var report = await RunAsync(result, customers, seed, settings, null, cancellationToken);
            report.PrintEvaluation(result.Writers().Output);
            report.Model.Save(result.GetValue(output)!);
            result.Writers().Output.WriteLine($"Saved {report.Model.Version} to {result.GetValue(output)}.");
            return 0;
        });
        return command;
    }

    private static Command Evaluate()
    {
        var (customers, seed, holdout) = PopulationOptions();
        var model = ModelOption();
        var command = new Command("evaluate", "Score a saved demand model on a synthetic population's holdout months: AUC, top-decile lift, calibration.") { customers, seed, holdout };
        command.Require(model, "model evaluate needs --model, a file written by model train.");
        command.SetAction((result, cancellationToken) => WithModelAsync(result, model, async loaded =>
        {
            var report = await RunAsync(result, customers, seed, new DemandExperimentSettings { HoldoutMonths = result.GetValue(holdout) }, loaded, cancellationToken);
            report.PrintEvaluation(result.Writers().Output);
        }));
        return command;
    }

    private static Command Experiment()
    {
        var (customers, seed, holdout) = PopulationOptions();
        var model = ModelOption();
        var capacity = Share("--capacity", "share of each arm's windows per month that may be contacted", 0.30);
        var control = Share("--control-share", "share of customers in the control arm (never contacted)", 0.10);
        var challenger = Share("--challenger-share", "share of customers whose contacts the model decides", 0.45);
        var salt = new Option<string>("--salt") { Description = "the experiment's name (salts the arm hash)", DefaultValueFactory = _ => "demand-experiment-1" };
        var command = new Command("experiment", "Champion (rules) vs challenger (model) vs control on the holdout months: conversion and uplift per arm with 95% intervals.")
        {
            customers, seed, holdout, model, capacity, control, challenger, salt,
        };
        command.SetAction((result, cancellationToken) => WithModelAsync(result, model, async loaded =>
        {
            var settings = new DemandExperimentSettings
            {
                HoldoutMonths = result.GetValue(holdout),
                Capacity = result.GetValue(capacity),
                ControlShare = result.GetValue(control),
                ChallengerShare = result.GetValue(challenger),
                Salt = result.GetValue(salt)!,
            };
            var report = await RunAsync(result, customers, seed, settings, loaded, cancellationToken);
            report.Print(result.Writers().Output);
        }));
        command.Validators.Add(r =>
        {
            if (r.GetValue(control) + r.GetValue(challenger) > 1)
            {
                r.AddError("--control-share and --challenger-share must add up to at most 1.");
            }
        });
        return command;
    }

    private static async Task<DemandExperimentReport> RunAsync(ParseResult result, Option<int> customers, Option<int> seed, DemandExperimentSettings settings, DemandModel? model, CancellationToken cancellationToken)
    {
        var population = new SyntheticPopulation(result.GetValue(seed), result.GetValue(customers));
        var error = result.Writers().Error;
        var bar = new ConsoleProgress<Replayed>(error, ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected, TimeProvider.System,
            (r, _, _) => string.Create(CultureInfo.InvariantCulture, $"replayed {r.Done:N0} of {population.Customers:N0} customers"));
        var report = await DemandExperiment.RunAsync(population, settings, model, new ReplayProgress(bar), cancellationToken);
        bar.Complete();
        return report;
    }

    private sealed record Replayed(int Done);

    /// <summary>
    /// The replay's parallel workers' reports, drawn then and there, one at a time. (System.Progress would post them to the
    /// thread pool, where the last could land after the command has returned and its writer is gone.)
    /// </summary>
    private sealed class ReplayProgress(ConsoleProgress<Replayed> bar) : IProgress<int>
    {
        private readonly Lock gate = new();

        public void Report(int value)
        {
            lock (gate)
            {
                bar.Report(new Replayed(value));
            }
        }
    }

    /// <summary>Loads --model (when given) against this code's feature set; a model of other features exits 1 with the difference.</summary>
    private static async Task<int> WithModelAsync(ParseResult result, Option<string> option, Func<DemandModel?, Task> run)
    {
        DemandModel? model = null;
        if (result.GetValue(option) is { Length: > 0 } path)
        {
            try
            {
                model = DemandModel.Load(path, DemandFeatureSet.For(IntentClassifier.Default.AttachTo(RuleCatalogLoader.LoadDefault())));
            }
            catch (Exception e) when (e is DemandModelMismatchException or InvalidDataException or IOException)
            {
                result.Writers().Error.WriteLine(e.Message);
                return 1;
            }
        }

        await run(model);
        return 0;
    }

    private static (Option<int> Customers, Option<int> Seed, Option<int> Holdout) PopulationOptions() =>
    (
        CliOptions.PositiveNumber("--customers", "how many synthetic customers", defaultValue: () => SyntheticPopulation.DefaultCustomers),
        CliOptions.PositiveNumber("--seed", "the population's seed (also seeds the simulated outcomes)", defaultValue: () => PopulationCommand.DefaultSeed),
        CliOptions.PositiveNumber("--holdout-months", "the last months held out for evaluation and the experiment", max: SyntheticPopulation.Months - 1, defaultValue: () => new DemandExperimentSettings().HoldoutMonths)
    );

    private static Option<string> ModelOption() => new("--model") { Description = "a model file written by model train", HelpName = "demand-model.zip" };

    /// <summary>A share from 0 to 1.</summary>
    private static Option<double> Share(string name, string description, double defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => double.TryParse(r.Tokens.Single().Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1
            ? share
            : LocalHostOptions.Refuse<double>(r, $"{name} must be a share from 0 to 1, not '{r.Tokens.Single().Value}'."),
    };
}
