using LifeWindow.Domain.Demand;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Demand;
using LifeWindow.Integration.Intents;
using LifeWindow.Sandbox.Population;

namespace LifeWindow.Sandbox.Demand;

/// <summary>The offline experiment's knobs (docs/models.md); the defaults are the reported run's.</summary>
public sealed record DemandExperimentSettings
{
    /// <summary>The last months of the population are held out: the model never trains on them, the arms run on them.</summary>
    public int HoldoutMonths { get; init; } = 12;

    /// <summary>Share of each arm's windows per month the relationship managers can work (the champion and challenger contact that many).</summary>
    public double Capacity { get; init; } = 0.30;

    public double ControlShare { get; init; } = 0.10;

    public double ChallengerShare { get; init; } = 0.45;

    public string Salt { get; init; } = "demand-experiment-1";

    public DemandTrainingOptions Training { get; init; } = new();

    public int Parallelism { get; init; } = Environment.ProcessorCount;

    public ArmAssignment Arms => new(Salt, ControlShare, ChallengerShare);
}

/// <summary>One holdout window's fate in the experiment: its arm, its score, whether its arm contacted it.</summary>
public sealed record ArmDecision(DemandWindow Window, ExperimentArm Arm, float Score, bool Contacted)
{
    public bool Converted => Contacted ? Window.Outcome.IfContacted : Window.Outcome.IfNotContacted;
}

/// <summary>
/// The demand model against the rules, offline (issue 15): replay a synthetic population through the catalog, train the
/// model on the windows of the earlier months (unless one is given), evaluate it on the last <see
/// cref="DemandExperimentSettings.HoldoutMonths"/>, and run the three arms on those months — customers split by key hash;
/// each month the champion contacts its arm's capacity share of windows by rule priority, the challenger the same number by
/// model score, the control none — then compare conversion per arm with the control's. Everything is seeded: the same
/// population, settings and model give the same report.
/// </summary>
public static class DemandExperiment
{
    public static async Task<DemandExperimentReport> RunAsync(
        SyntheticPopulation population,
        DemandExperimentSettings? settings = null,
        DemandModel? model = null,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(population);
        settings ??= new DemandExperimentSettings();
        var catalog = IntentClassifier.Default.AttachTo(RuleCatalogLoader.LoadDefault());
        var dataset = await DemandDataset.BuildAsync(population, catalog, new ConversionWorld(population.Seed), settings.Parallelism, progress, cancellationToken).ConfigureAwait(false);
        var holdoutFrom = population.LastMonth.AddMonths(1 - settings.HoldoutMonths);
        var training = dataset.Windows.Where(w => w.Month < holdoutFrom).ToList();
        var holdout = dataset.Windows.Where(w => w.Month >= holdoutFrom).ToList();
        if (training.Count == 0 || holdout.Count == 0)
        {
            throw new InvalidOperationException($"The population opened {training.Count} windows to train on and {holdout.Count} to hold out: too few customers or months.");
        }

        var trainingMonths = $"{population.FirstMonth}..{holdoutFrom.AddMonths(-1)}";
        var holdoutMonths = $"{holdoutFrom}..{population.LastMonth}";
        var trained = model is null;
        model ??= DemandModel.Train(dataset.Features, dataset.CatalogVersion, [.. training.Select(w => new DemandExample(w.Features, w.Outcome.IfContacted))], settings.Training);
        if (DemandModel.Mismatch(model.Manifest, dataset.Features, model.Version) is { } problem)
        {
            throw new DemandModelMismatchException(problem);
        }

        var scores = model.ScoreAll([.. holdout.Select(w => w.Features)]);
        var metrics = DemandMetrics.Compute(scores, [.. holdout.Select(w => w.Outcome.IfContacted)]);
        if (trained)
        {
            model = model.With(m => m with
            {
                PopulationCustomers = population.Customers,
                PopulationSeed = population.Seed,
                TrainingMonths = trainingMonths,
                HoldoutMonths = holdoutMonths,
                Holdout = metrics,
                ScoreQuantiles = DemandModelManifest.Quantiles(scores),
            });
        }

        var decisions = Decide(holdout, scores, settings);
        return new DemandExperimentReport(population.Customers, population.Seed, settings, model, trained, trainingMonths, training.Count, training.Count(w => w.Outcome.IfContacted),
            holdoutMonths, metrics, decisions, dataset.BuildTime);
    }

    /// <summary>
    /// The arms' contact decisions: per arm and month, the champion contacts ⌊capacity × windows⌉ windows by rule priority
    /// (ties by window id), the challenger as many by score (ties by window id), the control none.
    /// </summary>
    public static IReadOnlyList<ArmDecision> Decide(IReadOnlyList<DemandWindow> windows, IReadOnlyList<float> scores, DemandExperimentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(settings);
        var arms = settings.Arms;
        var decisions = new List<ArmDecision>(windows.Count);
        foreach (var group in windows.Select((w, i) => (Window: w, Score: scores[i], Arm: arms.Assign(w.CustomerKey))).GroupBy(x => (x.Arm, x.Window.Month)))
        {
            var capacity = group.Key.Arm == ExperimentArm.Control ? 0 : (int)Math.Round(settings.Capacity * group.Count(), MidpointRounding.AwayFromZero);
            var ranked = group.Key.Arm == ExperimentArm.Challenger
                ? group.OrderByDescending(x => x.Score).ThenBy(x => x.Window.WindowId, StringComparer.Ordinal)
                : group.OrderByDescending(x => x.Window.Priority).ThenBy(x => x.Window.WindowId, StringComparer.Ordinal);
            decisions.AddRange(ranked.Select((x, rank) => new ArmDecision(x.Window, x.Arm, x.Score, rank < capacity)));
        }

        return decisions;
    }
}
