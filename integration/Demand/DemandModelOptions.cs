using LifeWindow.Domain.Demand;

namespace LifeWindow.Integration.Demand;

/// <summary>
/// The demand model and the champion/challenger experiment (section <c>Models:Demand</c>, docs/configuration.md). No
/// <see cref="ModelPath"/>, no model: the rules decide alone, as before. With a model every Marketing window is scored
/// (the lead and the audit carry the score); with <see cref="DemandExperimentOptions.Enabled"/> customers are also split
/// into arms. Validated at start-up: a model trained on other features than this code computes stops the host.
/// </summary>
public sealed class DemandModelOptions
{
    public const string Section = "Models:Demand";

    /// <summary>A model file written by <c>lifewindow model train --out</c>; empty: no model.</summary>
    public string? ModelPath { get; set; }

    public DemandExperimentOptions Experiment { get; set; } = new();
}

/// <summary>The champion/challenger/control split (off by default).</summary>
public sealed class DemandExperimentOptions
{
    public bool Enabled { get; set; }

    /// <summary>Names the experiment: the arm hash is salted with it, so a new experiment reshuffles customers.</summary>
    public string Salt { get; set; } = "demand-experiment-1";

    /// <summary>Share of customers never contacted (the baseline).</summary>
    public double ControlShare { get; set; } = 0.10;

    /// <summary>Share of customers whose contacts the model decides; the rest are the champion's (the rules').</summary>
    public double ChallengerShare { get; set; } = 0.45;

    /// <summary>
    /// Share of windows the relationship managers can work: the challenger contacts a window only when its score reaches
    /// the score the top <see cref="Capacity"/> of the model's holdout windows reached (the manifest's quantiles).
    /// </summary>
    public double Capacity { get; set; } = 0.30;

    public ArmAssignment Arms => new(Salt, ControlShare, ChallengerShare);
}

/// <summary>
/// Start-up validation of <see cref="DemandModelOptions"/>: shares and capacity in range, an experiment only with a model,
/// and the model file readable and trained on the feature list this code computes for the host's catalog (the message
/// names the features that differ).
/// </summary>
internal sealed class DemandModelOptionsValidation(IServiceProvider services) : IValidateOptions<DemandModelOptions>
{
    public ValidateOptionsResult Validate(string? name, DemandModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var experiment = options.Experiment ?? new DemandExperimentOptions();
        foreach (var (key, value) in new[] { (nameof(experiment.ControlShare), experiment.ControlShare), (nameof(experiment.ChallengerShare), experiment.ChallengerShare) })
        {
            if (value is < 0 or > 1 || double.IsNaN(value))
            {
                failures.Add($"{DemandModelOptions.Section}:Experiment:{key} must be between 0 and 1, not {value.ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        if (experiment.ControlShare + experiment.ChallengerShare > 1)
        {
            failures.Add($"{DemandModelOptions.Section}:Experiment: ControlShare + ChallengerShare must not exceed 1.");
        }

        if (experiment.Capacity is <= 0 or > 1 || double.IsNaN(experiment.Capacity))
        {
            failures.Add($"{DemandModelOptions.Section}:Experiment:Capacity must be above 0 and at most 1, not {experiment.Capacity.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (string.IsNullOrWhiteSpace(experiment.Salt))
        {
            failures.Add($"{DemandModelOptions.Section}:Experiment:Salt must name the experiment.");
        }

        if (options.ModelPath is not { Length: > 0 } path)
        {
            if (experiment.Enabled)
            {
                failures.Add($"{DemandModelOptions.Section}:Experiment:Enabled needs a model: set {DemandModelOptions.Section}:ModelPath.");
            }
        }
        else if (ModelProblem(path) is { } problem)
        {
            failures.Add($"{DemandModelOptions.Section}:ModelPath: {problem}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private string? ModelProblem(string path)
    {
        if (!File.Exists(path))
        {
            return $"no model file at {path}.";
        }

        try
        {
            return DemandModel.Mismatch(DemandModel.ReadManifest(path), DemandFeatureSet.For(services.GetRequiredService<RuleCatalog>()), path);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException)
        {
            return $"{path} cannot be read as a demand model: {e.Message}";
        }
    }
}
