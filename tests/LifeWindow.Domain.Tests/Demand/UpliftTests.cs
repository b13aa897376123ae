using LifeWindow.Domain.Demand;

namespace LifeWindow.Domain.Tests.Demand;

/// <summary>The interval arithmetic checked against Newcombe (1998)'s published worked examples.</summary>
public class UpliftTests
{
    [Fact]
    public void Wilson_81Of263_MatchesNewcombesWorkedExample()
    {
        var (low, high) = new Proportion(81, 263).Wilson();

        Assert.Equal(0.2553, low, 4);
        Assert.Equal(0.3662, high, 4);
    }

    /// <summary>Newcombe (1998), Statistics in Medicine 17:873–890, table II example (a): 56/70 − 48/80, method 10 gives 0.0524 to 0.3339.</summary>
    [Fact]
    public void Newcombe_56Of70Minus48Of80_MatchesThePublishedInterval()
    {
        var uplift = new Uplift(new Proportion(56, 70), new Proportion(48, 80));

        var (low, high) = uplift.Newcombe();

        Assert.Equal(0.2, uplift.Difference, 10);
        Assert.Equal(0.0524, low, 4);
        Assert.Equal(0.3339, high, 4);
    }

    /// <summary>Wald by hand: se = √(0.8·0.2/70 + 0.6·0.4/80) = 0.07319, 0.2 ± 1.95996·se.</summary>
    [Fact]
    public void Wald_SameExample_IsTheNormalApproximation()
    {
        var (low, high) = new Uplift(new Proportion(56, 70), new Proportion(48, 80)).Wald();

        Assert.Equal(0.0575, low, 4);
        Assert.Equal(0.3425, high, 4);
    }

    [Fact]
    public void Newcombe_NoConversionsInEitherArm_StaysAroundZeroAndInsideTheUnitRange()
    {
        var (low, high) = new Uplift(new Proportion(0, 50), new Proportion(0, 50)).Newcombe();

        Assert.True(low < 0 && high > 0);
        Assert.True(low >= -1 && high <= 1);
    }
}
