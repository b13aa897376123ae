namespace LifeWindow.Integration.Demand;

/// <summary>One reliability bin: the examples whose score fell in one score decile, their mean score and how many converted.</summary>
public sealed record CalibrationBin(int Bin, int Count, double MeanPredicted, double Observed);

/// <summary>
/// How well scores rank and match outcomes on held-out examples: AUC (the chance a converting window scores above a
/// non-converting one, ties half), lift in the top decile (conversion among the 10% best-scored over the overall rate),
/// Brier score, and reliability bins by score decile (mean predicted vs observed rate).
/// </summary>
public sealed record DemandMetrics(int Examples, int Positives, double Auc, double TopDecileLift, double Brier, IReadOnlyList<CalibrationBin> Calibration)
{
    public double BaseRate => Examples == 0 ? 0 : (double)Positives / Examples;

    public static DemandMetrics Compute(IReadOnlyList<float> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count != labels.Count || scores.Count == 0)
        {
            throw new ArgumentException($"Need as many labels as scores, and some: {scores.Count} scores, {labels.Count} labels.", nameof(labels));
        }

        var positives = labels.Count(l => l);
        var brier = scores.Select((s, i) => Math.Pow(s - (labels[i] ? 1 : 0), 2)).Average();
        return new DemandMetrics(scores.Count, positives, AreaUnderCurve(scores, labels), LiftInTopDecile(scores, labels), brier, Bins(scores, labels, 10));
    }

    /// <summary>The Mann–Whitney form of the AUC: mean rank of the positives, ties given their average rank.</summary>
    public static double AreaUnderCurve(IReadOnlyList<float> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double rankSum = 0;
        long positives = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            var rank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                if (labels[order[k]])
                {
                    rankSum += rank;
                    positives++;
                }
            }

            start = end + 1;
        }

        var negatives = scores.Count - positives;
        return positives == 0 || negatives == 0 ? 0.5 : (rankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }

    /// <summary>Conversion among the ⌈10%⌉ highest scores (ties broken by position) over the overall conversion rate.</summary>
    public static double LiftInTopDecile(IReadOnlyList<float> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        var overall = labels.Count(l => l) / (double)labels.Count;
        var top = (int)Math.Ceiling(scores.Count / 10.0);
        var rate = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(top).Count(i => labels[i]) / (double)top;
        return overall == 0 ? 0 : rate / overall;
    }

    private static List<CalibrationBin> Bins(IReadOnlyList<float> scores, IReadOnlyList<bool> labels, int bins)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ThenBy(i => i).ToArray();
        var result = new List<CalibrationBin>();
        for (var b = 0; b < bins; b++)
        {
            var slice = order[(b * order.Length / bins)..((b + 1) * order.Length / bins)];
            if (slice.Length > 0)
            {
                result.Add(new CalibrationBin(b + 1, slice.Length, slice.Average(i => scores[i]), slice.Count(i => labels[i]) / (double)slice.Length));
            }
        }

        return result;
    }
}
