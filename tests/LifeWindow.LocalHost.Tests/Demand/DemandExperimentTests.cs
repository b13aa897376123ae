using LifeWindow.Domain.Demand;
using LifeWindow.Integration.Demand;
using LifeWindow.Sandbox.Demand;
using LifeWindow.Sandbox.Population;

namespace LifeWindow.LocalHost.Tests.Demand;

/// <summary>One small experiment, run once for the class: 1,200 customers, 30 small trees (a few seconds).</summary>
public sealed class SmallExperiment : IAsyncLifetime
{
    public static readonly DemandExperimentSettings Settings = new()
    {
        Training = new DemandTrainingOptions { Trees = 30, Leaves = 4, MinimumExamplesPerLeaf = 20, LearningRate = 0.1 },
    };

    public SyntheticPopulation Population { get; } = new(20261207, 1200);

    public DemandExperimentReport Report { get; private set; } = null!;

    public async Task InitializeAsync() => Report = await DemandExperiment.RunAsync(Population, Settings);

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>The offline demand experiment on a small seeded population (docs/models.md).</summary>
public sealed class DemandExperimentTests(SmallExperiment experiment) : IClassFixture<SmallExperiment>
{
    private DemandExperimentReport Report => experiment.Report;

    /// <summary>
    /// This seed measured AUC 0.691 and lift 2.85 on 409 holdout windows (688 to train on); the floors (0.63, 1.5) leave
    /// a margin for a changed trainer or tag and stay well above chance: a model that learnt nothing from the tags sits
    /// at 0.5 and lift 1 (with these 409 windows the AUC's standard error is about 0.045).
    /// </summary>
    [Fact]
    public void Holdout_SmallSeededPopulation_AucAboveTheFloorAndTopDecileLiftAboveOne()
    {
        Assert.True(Report.Holdout.Examples > 300, $"{Report.Holdout.Examples} holdout windows");
        Assert.True(Report.Holdout.Auc >= 0.63, $"AUC {Report.Holdout.Auc:0.000}");
        Assert.True(Report.Holdout.TopDecileLift > 1.5, $"lift {Report.Holdout.TopDecileLift:0.00}");
        Assert.Equal(10, Report.Holdout.Calibration.Count);
        Assert.Equal("2025-11..2026-10", Report.HoldoutMonths);
        Assert.Equal(101, Report.Model.Manifest.ScoreQuantiles.Count);
        Assert.Equal(1200, Report.Model.Manifest.PopulationCustomers);
    }

    [Fact]
    public void Decide_Challenger_ContactsOnlyTheTopOfTheCapacityEachMonth()
    {
        var challenger = Report.Decisions.Where(d => d.Arm == ExperimentArm.Challenger).GroupBy(d => d.Window.Month).ToList();

        Assert.NotEmpty(challenger);
        foreach (var month in challenger)
        {
            var contacted = month.Where(d => d.Contacted).ToList();
            Assert.Equal((int)Math.Round(0.30 * month.Count(), MidpointRounding.AwayFromZero), contacted.Count);
            if (contacted.Count > 0 && contacted.Count < month.Count())
            {
                Assert.True(contacted.Min(d => d.Score) >= month.Where(d => !d.Contacted).Max(d => d.Score), $"month {month.Key}");
            }
        }
    }

    [Fact]
    public void Decide_Champion_ContactsByRulePriority()
    {
        foreach (var month in Report.Decisions.Where(d => d.Arm == ExperimentArm.Champion).GroupBy(d => d.Window.Month))
        {
            var contacted = month.Where(d => d.Contacted).ToList();
            if (contacted.Count > 0 && contacted.Count < month.Count())
            {
                Assert.True(contacted.Min(d => d.Window.Priority) >= month.Where(d => !d.Contacted).Max(d => d.Window.Priority), $"month {month.Key}");
            }
        }
    }

    [Fact]
    public void Decide_Control_NeverContacted()
    {
        var control = Report.Decisions.Where(d => d.Arm == ExperimentArm.Control).ToList();

        Assert.NotEmpty(control);
        Assert.All(control, d => Assert.False(d.Contacted));
        Assert.Equal(0, Report.Arm(ExperimentArm.Control).Contacted);
    }

    [Fact]
    public void Decide_SameInputsTwice_SameDecisionsAndArmsByCustomer()
    {
        var holdout = Report.Decisions.Select(d => d.Window).ToList();
        var scores = Report.Decisions.Select(d => d.Score).ToList();

        var again = DemandExperiment.Decide(holdout, scores, SmallExperiment.Settings);

        Assert.Equal(Report.Decisions.OrderBy(d => d.Window.WindowId, StringComparer.Ordinal).Select(d => (d.Window.WindowId, d.Arm, d.Contacted)),
            again.OrderBy(d => d.Window.WindowId, StringComparer.Ordinal).Select(d => (d.Window.WindowId, d.Arm, d.Contacted)));
        Assert.All(Report.Decisions.GroupBy(d => d.Window.CustomerKey), c => Assert.Single(c.Select(d => d.Arm).Distinct()));
    }

    [Fact]
    public void ConversionWorld_SameSeedAndWindow_SameOutcome_AndContactNeverHurts()
    {
        var customer = experiment.Population.Customer(Report.Decisions[0].Window.CustomerIndex);
        var window = new Domain.Windows.Window
        {
            WindowId = Report.Decisions[0].Window.WindowId, CustomerKey = customer.CustomerKey, RuleId = "LumpSumInflow", Anchor = "a", CatalogVersion = "v1",
            OpensAt = experiment.Population.AsOf.ToDateTime(TimeOnly.MinValue), ClosesAt = DateTimeOffset.MaxValue, Priority = 65, CoolOffDays = 30,
            CandidateOffers = [], Evidence = [], Reasons = [],
        };

        var a = new ConversionWorld(7).Outcome(customer, window);
        var b = new ConversionWorld(7).Outcome(customer, window);

        Assert.Equal(a, b);
        Assert.True(a.Chance.IfContacted > a.Chance.IfNotContacted);
        Assert.All(Report.Decisions, d => Assert.True(!d.Window.Outcome.IfNotContacted || d.Window.Outcome.IfContacted));
    }

    [Fact]
    public void Print_ReportsMetricsCalibrationAndUpliftPerArm()
    {
        using var output = new StringWriter();

        Report.Print(output);

        var text = output.ToString();
        Assert.Contains("| AUC |", text, StringComparison.Ordinal);
        Assert.Contains("| lift in the top decile |", text, StringComparison.Ordinal);
        Assert.Contains("| score decile | windows | mean predicted | observed |", text, StringComparison.Ordinal);
        Assert.Contains("| Champion |", text, StringComparison.Ordinal);
        Assert.Contains("| Challenger |", text, StringComparison.Ordinal);
        Assert.Contains("| Control |", text, StringComparison.Ordinal);
        var (low, high) = Report.UpliftOf(ExperimentArm.Challenger).Newcombe();
        Assert.True(low < Report.UpliftOf(ExperimentArm.Challenger).Difference && Report.UpliftOf(ExperimentArm.Challenger).Difference < high);
    }
}
