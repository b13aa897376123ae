using LifeWindow.Domain.Demand;
using LifeWindow.Integration.Demand;

namespace LifeWindow.Sandbox.Demand;

/// <summary>One arm's holdout counts; <see cref="TrueIncremental"/> sums the contacted windows' true uplift (the simulation's probabilities).</summary>
public sealed record ArmSummary(ExperimentArm Arm, int Customers, int Windows, int Contacted, int Converted, double TrueIncremental)
{
    public Proportion Conversion => new(Converted, Windows);
}

/// <summary>What <see cref="DemandExperiment.RunAsync"/> found: the model and its holdout metrics, and each arm's conversion and uplift over the control.</summary>
public sealed record DemandExperimentReport(
    int Customers,
    int Seed,
    DemandExperimentSettings Settings,
    DemandModel Model,
    bool Trained,
    string TrainingMonths,
    int TrainingWindows,
    int TrainingConversions,
    string HoldoutMonths,
    DemandMetrics Holdout,
    IReadOnlyList<ArmDecision> Decisions,
    TimeSpan DatasetTime)
{
    public IReadOnlyList<ArmSummary> Arms { get; } = [.. Enum.GetValues<ExperimentArm>().Select(arm =>
    {
        var mine = Decisions.Where(d => d.Arm == arm).ToList();
        return new ArmSummary(arm, mine.Select(d => d.Window.CustomerKey).Distinct(StringComparer.Ordinal).Count(), mine.Count,
            mine.Count(d => d.Contacted), mine.Count(d => d.Converted), mine.Where(d => d.Contacted).Sum(d => d.Window.Outcome.Chance.Uplift));
    })];

    /// <summary>The AUC of the hidden probabilities themselves on the holdout: the ceiling any model of these windows could reach.</summary>
    public double OracleAuc => DemandMetrics.AreaUnderCurve([.. Decisions.Select(d => (float)d.Window.Outcome.Chance.IfContacted)], [.. Decisions.Select(d => d.Window.Outcome.IfContacted)]);

    public ArmSummary Arm(ExperimentArm arm) => Arms.Single(a => a.Arm == arm);

    /// <summary>The arm's conversion over the control's, with Newcombe's 95% interval.</summary>
    public Uplift UpliftOf(ExperimentArm arm) => new(Arm(arm).Conversion, Arm(ExperimentArm.Control).Conversion);

    public void Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        PrintEvaluation(output);
        output.WriteLine();
        PrintUplift(output);
    }

    /// <summary>The model, its data and its holdout metrics: AUC, top-decile lift, Brier, reliability by score decile.</summary>
    public void PrintEvaluation(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        var m = Model.Manifest;
        output.WriteLine(string.Create(c, $"Demand model {m.ModelVersion} ({(Trained ? "trained here" : "loaded")}): {m.Trainer}, {m.Trees} trees, {m.Leaves} leaves, seed {m.Seed}; {m.Features.Count} features ({m.FeatureSetVersion}, hash {m.FeatureSetHash})."));
        output.WriteLine(string.Create(c, $"Population: {Customers:N0} customers, seed {Seed}. Windows built in {DatasetTime.TotalSeconds:0.0} s; training took {m.TrainingSeconds:0.0} s."));
        output.WriteLine(string.Create(c, $"Training months {TrainingMonths}: {TrainingWindows:N0} windows, {TrainingConversions:N0} converted if contacted ({Rate(TrainingConversions, TrainingWindows)})."));
        output.WriteLine(string.Create(c, $"Holdout months {HoldoutMonths}: {Holdout.Examples:N0} windows, {Holdout.Positives:N0} converted if contacted ({Rate(Holdout.Positives, Holdout.Examples)})."));
        output.WriteLine();
        output.WriteLine("| holdout metric | value |");
        output.WriteLine("|---|---|");
        output.WriteLine(string.Create(c, $"| AUC | {Holdout.Auc:0.000} |"));
        output.WriteLine(string.Create(c, $"| AUC of the hidden probabilities (the ceiling) | {OracleAuc:0.000} |"));
        output.WriteLine(string.Create(c, $"| lift in the top decile | {Holdout.TopDecileLift:0.00} |"));
        output.WriteLine(string.Create(c, $"| Brier score | {Holdout.Brier:0.0000} |"));
        output.WriteLine(string.Create(c, $"| base rate | {Holdout.BaseRate:0.0%} |"));
        output.WriteLine();
        output.WriteLine("| score decile | windows | mean predicted | observed |");
        output.WriteLine("|---|---|---|---|");
        foreach (var bin in Holdout.Calibration)
        {
            output.WriteLine(string.Create(c, $"| {bin.Bin} | {bin.Count:N0} | {bin.MeanPredicted:0.0%} | {bin.Observed:0.0%} |"));
        }
    }

    /// <summary>The arms on the holdout months, with uplift over the control and its 95% interval.</summary>
    public void PrintUplift(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var s = Settings;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Arms on the holdout months (salt {s.Salt}; control {s.ControlShare:0%}, challenger {s.ChallengerShare:0%}, champion the rest of the customers; capacity {s.Capacity:0%} of each arm's windows per month):"));
        ArmTable.Print(output, Arms);
    }

    private static string Rate(int part, int whole) => whole == 0 ? "—" : (part / (double)whole).ToString("0.0%", CultureInfo.InvariantCulture);
}
