using LifeWindow.Domain.Demand;

namespace LifeWindow.Integration.Demand;

/// <summary>
/// The host's demand model, if one is configured (<see cref="DemandModelOptions"/>): scores Marketing windows from the
/// customer's tags and tells which experiment arm the customer is in. Loaded once, when first asked (start-up validation
/// has already checked the file's features). Without a model it answers null and the rules decide alone.
/// </summary>
public sealed class DemandScorer
{
    private readonly Lazy<DemandModel?> model;
    private readonly DemandFeatureSet features;
    private readonly DemandExperimentOptions experiment;

    public DemandScorer(IOptions<DemandModelOptions> options, RuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(options);
        features = DemandFeatureSet.For(catalog);
        experiment = options.Value.Experiment ?? new DemandExperimentOptions();
        var path = options.Value.ModelPath;
        model = new Lazy<DemandModel?>(() => path is { Length: > 0 } ? DemandModel.Load(path, features) : null);
    }

    public DemandModel? Model => model.Value;

    /// <summary>The score threshold the challenger contacts at: the top <see cref="DemandExperimentOptions.Capacity"/> of the holdout scores.</summary>
    public double? ChallengerThreshold => Model?.Manifest.ThresholdFor(experiment.Capacity);

    public double Capacity => experiment.Capacity;

    /// <summary>The model's score and the customer's arm for a Marketing window; null without a model or for other windows.</summary>
    public ModelVerdict? Judge(Window window, TagSet tags)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Category != RuleCategory.Marketing || Model is not { } loaded)
        {
            return null;
        }

        var score = Math.Round(loaded.Score(features.Vector(tags, window.RuleId)), 6);
        return new ModelVerdict(loaded.Version, score, experiment.Enabled ? experiment.Arms.Assign(window.CustomerKey) : null);
    }
}
