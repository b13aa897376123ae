namespace LifeWindow.Domain.Demand;

/// <summary>A proportion with its 95% Wilson score interval.</summary>
public sealed record Proportion(long Successes, long Trials)
{
    /// <summary>The normal quantile of a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    public double Rate => Trials == 0 ? 0 : (double)Successes / Trials;

    /// <summary>Wilson's score interval: stays inside [0, 1] and behaves for small counts and rates near 0, unlike p ± z·SE.</summary>
    public (double Low, double High) Wilson(double z = Z95)
    {
        if (Trials == 0)
        {
            return (0, 1);
        }

        double n = Trials, p = Rate, z2 = z * z;
        var centre = (p + (z2 / (2 * n))) / (1 + (z2 / n));
        var half = z / (1 + (z2 / n)) * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}

/// <summary>
/// The uplift of an arm over the control: the difference of their conversion rates with a 95% interval by Newcombe's
/// hybrid score method (Newcombe 1998, method 10: built from each rate's Wilson interval), which keeps its coverage for
/// rates of a few percent where the Wald interval (also given) is too narrow. An interval that excludes 0 says the
/// arm's contacts changed conversion.
/// </summary>
public sealed record Uplift(Proportion Arm, Proportion Control)
{
    public double Difference => Arm.Rate - Control.Rate;

    public (double Low, double High) Newcombe(double z = Proportion.Z95)
    {
        var (l1, u1) = Arm.Wilson(z);
        var (l2, u2) = Control.Wilson(z);
        double p1 = Arm.Rate, p2 = Control.Rate;
        var low = Difference - Math.Sqrt(((p1 - l1) * (p1 - l1)) + ((u2 - p2) * (u2 - p2)));
        var high = Difference + Math.Sqrt(((u1 - p1) * (u1 - p1)) + ((p2 - l2) * (p2 - l2)));
        return (low, high);
    }

    /// <summary>The normal-approximation (Wald) interval, p1 − p2 ± z·√(p1(1−p1)/n1 + p2(1−p2)/n2).</summary>
    public (double Low, double High) Wald(double z = Proportion.Z95)
    {
        double p1 = Arm.Rate, p2 = Control.Rate;
        var se = Math.Sqrt((p1 * (1 - p1) / Math.Max(1, Arm.Trials)) + (p2 * (1 - p2) / Math.Max(1, Control.Trials)));
        return (Difference - (z * se), Difference + (z * se));
    }
}
