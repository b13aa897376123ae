namespace LifeWindow.Sandbox.Population;

/// <summary>The asset kinds of a deposit/AUM snapshot, in <see cref="PopulationCalibration.TargetMix"/> order.</summary>
public enum AssetKind
{
    Term,
    Demand,
    WealthProducts,
    Funds,
    Bonds,
    Insurance,
}

/// <summary>Age groups the seeds (003) speak of: under-35s prefer fund plans and money-market, over-50s deposits and wealth products.</summary>
public enum AgeGroup
{
    Under35,
    From35To50,
    Over50,
}

/// <summary>
/// The targets of shared/design/DOMAIN.md ("Synthetic population", from seed 003) and the generator's own defaults, in one
/// place so the generator draws from them and <see cref="PopulationStatistics"/> compares against them.
/// </summary>
public static class PopulationCalibration
{
    /// <summary>Shares of total AUM (seed 003): term 22.4 %, demand 16.7 %, wealth 26.6 %, funds 4.5 %, bonds 1.2 %, the rest insurance etc.</summary>
    public static readonly IReadOnlyList<double> TargetMix = [0.224, 0.167, 0.266, 0.045, 0.012, 0.286];

    public const double FemaleShare = 0.58;
    public const double FemaleTarget = 0.56;
    public const double SavingsShare = 0.99;

    /// <summary>Our defaults (no seed number): payroll through the bank, as <c>SyntheticFacts</c>; scene platforms' match rate; mortgages.</summary>
    public const double PayrollShare = Facts.SyntheticFacts.PayrollShare;
    public const double SceneShare = 0.35;
    public const double ProvidentShare = 0.65;
    public const double BusinessOwnerShare = 0.08;

    /// <summary>Age bands at the last month: min, max (inclusive), weight. Puts the median in 31–40.</summary>
    public static readonly IReadOnlyList<(int Min, int Max, double Weight)> AgeBands =
        [(18, 24, 0.12), (25, 30, 0.20), (31, 40, 0.28), (41, 50, 0.18), (51, 64, 0.15), (65, 80, 0.07)];

    /// <summary>Median AUM (yuan) of each age group; AUM is log-normal around it, so each group's mean scales the same way.</summary>
    public static readonly IReadOnlyList<double> MedianAum = [25_000, 55_000, 75_000];

    /// <summary>Share of holders among savings holders (term) or among everyone (the rest), by age group; amounts scale by 1/share so expected shares hold.</summary>
    public static readonly IReadOnlyList<IReadOnlyList<double>> Holding =
    [
        [0.35, 1.0, 0.20, 0.30, 0.03, 0.20],
        [0.45, 1.0, 0.30, 0.15, 0.04, 0.30],
        [0.60, 1.0, 0.40, 0.06, 0.05, 0.30],
    ];

    /// <summary>Each age group's asset mix. Under-35s and over-50s are set by the seeds' preferences; the middle group is solved so the population mix is the target.</summary>
    public static IReadOnlyList<IReadOnlyList<double>> GroupMix { get; } = SolveMixes();

    public static AgeGroup GroupOf(int age) => age < 35 ? AgeGroup.Under35 : age <= 50 ? AgeGroup.From35To50 : AgeGroup.Over50;

    private static IReadOnlyList<IReadOnlyList<double>> SolveMixes()
    {
        double[] young = [0.15, 0.25, 0.20, 0.13, 0.010, 0.26];
        double[] old = [0.28, 0.13, 0.31, 0.015, 0.015, 0.25];
        var weight = new double[3];
        foreach (var (min, max, share) in AgeBands)
        {
            for (var age = min; age <= max; age++)
            {
                weight[(int)GroupOf(age)] += share / (max - min + 1) * MedianAum[(int)GroupOf(age)];
            }
        }

        var total = weight.Sum();
        var middle = TargetMix.Select((t, k) => (t - (weight[0] / total * young[k]) - (weight[2] / total * old[k])) / (weight[1] / total)).ToArray();
        return [young, middle, old];
    }
}
