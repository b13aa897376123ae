using LifeWindow.Domain.Demand;

namespace LifeWindow.Domain.Tests.Demand;

public class ArmAssignmentTests
{
    private static readonly ArmAssignment Arms = new("demand-experiment-1", 0.10, 0.45);

    [Fact]
    public void Assign_SameKeyTwice_SameArm()
    {
        var again = new ArmAssignment("demand-experiment-1", 0.10, 0.45);

        foreach (var key in Enumerable.Range(0, 200).Select(i => $"k-{i}"))
        {
            Assert.Equal(Arms.Assign(key), again.Assign(key));
        }
    }

    /// <summary>
    /// 20,000 keys: each arm's share is within 4.5 standard errors of its configured share (√(p(1−p)/n) ≤ 0.0036 here,
    /// so a bound of 0.016 fails by chance with probability under 1e-5; a biased hash misses it).
    /// </summary>
    [Fact]
    public void Assign_ManyKeys_SharesAsConfigured()
    {
        const int n = 20_000;
        var counts = Enumerable.Range(0, n).Select(i => Arms.Assign($"customer-{i}")).GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count() / (double)n);

        Assert.InRange(counts[ExperimentArm.Control], 0.10 - 0.016, 0.10 + 0.016);
        Assert.InRange(counts[ExperimentArm.Challenger], 0.45 - 0.016, 0.45 + 0.016);
        Assert.InRange(counts[ExperimentArm.Champion], 0.45 - 0.016, 0.45 + 0.016);
    }

    [Fact]
    public void Assign_AnotherSalt_ReshufflesCustomers()
    {
        var other = Arms with { Salt = "demand-experiment-2" };

        var moved = Enumerable.Range(0, 1_000).Count(i => Arms.Assign($"k-{i}") != other.Assign($"k-{i}"));

        Assert.InRange(moved, 400, 700);
    }

    [Fact]
    public void Assign_NoControlNoChallenger_EveryoneChampion()
    {
        var off = Arms with { ControlShare = 0, ChallengerShare = 0 };

        Assert.All(Enumerable.Range(0, 500), i => Assert.Equal(ExperimentArm.Champion, off.Assign($"k-{i}")));
    }
}
