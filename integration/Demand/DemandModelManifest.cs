namespace LifeWindow.Integration.Demand;

/// <summary>
/// What a saved demand model says about itself (manifest.json inside the model file): its version, the exact feature
/// list it was trained on (and that list's hash), the trainer's settings and seed, the training and holdout months, the
/// holdout metrics, and the holdout score quantiles a host turns a contact capacity into a score threshold with.
/// </summary>
public sealed record DemandModelManifest
{
    public required string ModelVersion { get; init; }

    public required string FeatureSetVersion { get; init; }

    public required string FeatureSetHash { get; init; }

    public required IReadOnlyList<string> Features { get; init; }

    public required string CatalogVersion { get; init; }

    public string Trainer { get; init; } = "FastTree";

    public required int Trees { get; init; }

    public required int Leaves { get; init; }

    public required int Seed { get; init; }

    /// <summary>The synthetic population it was trained on: customers and generator seed (null when trained elsewhere).</summary>
    public int? PopulationCustomers { get; init; }

    public int? PopulationSeed { get; init; }

    /// <summary>Months (Asia/Shanghai) of the windows trained on and held out, e.g. "2024-01..2025-06".</summary>
    public string? TrainingMonths { get; init; }

    public string? HoldoutMonths { get; init; }

    public int TrainingExamples { get; init; }

    public double TrainingSeconds { get; init; }

    public DemandMetrics? Holdout { get; init; }

    /// <summary>Holdout score at percentiles 0, 1, …, 100: the score above which a share of windows lies.</summary>
    public IReadOnlyList<double> ScoreQuantiles { get; init; } = [];

    /// <summary>The score that the top <paramref name="capacity"/> share of holdout windows reach (0 when no quantiles were kept).</summary>
    public double ThresholdFor(double capacity)
    {
        if (ScoreQuantiles.Count != 101)
        {
            return 0;
        }

        var position = Math.Clamp(1 - capacity, 0, 1) * 100;
        var low = (int)Math.Floor(position);
        var high = Math.Min(100, low + 1);
        return ScoreQuantiles[low] + ((ScoreQuantiles[high] - ScoreQuantiles[low]) * (position - low));
    }

    /// <summary>The 0th…100th percentiles of <paramref name="scores"/> (linear between order statistics).</summary>
    public static IReadOnlyList<double> Quantiles(IEnumerable<float> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var sorted = scores.Select(s => (double)s).Order().ToArray();
        if (sorted.Length == 0)
        {
            return [];
        }

        return [.. Enumerable.Range(0, 101).Select(p =>
        {
            var position = p / 100.0 * (sorted.Length - 1);
            var low = (int)Math.Floor(position);
            var high = Math.Min(sorted.Length - 1, low + 1);
            return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
        })];
    }
}
