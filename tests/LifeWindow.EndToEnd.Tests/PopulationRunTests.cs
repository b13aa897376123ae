using LifeWindow.Demo.Population;
using LifeWindow.Domain.Leads;
using LifeWindow.Domain.Time;
using LifeWindow.LocalHost.Hosting;
using LifeWindow.Sandbox.Demand;
using LifeWindow.Sandbox.Population;
using Spectre.Console.Testing;

namespace LifeWindow.EndToEnd.Tests;

/// <summary>
/// The demo's population part on each backend: a seeded population loaded at the feed stream, folded, judged, its windows'
/// workflows run on the engine with the back office and the CRM answering — every record kept, every workflow ended, every
/// delivered lead answered, and the funnel read from the stores agreeing with what the run counted.
/// </summary>
public class PopulationRunTests
{
    private const int Seed = 515;

    [Fact]
    public async Task Run_EmbeddedDefault_EveryRecordFoldedEveryWorkflowEndedEveryLeadAnswered()
    {
        var (report, log) = await RunAsync(new LocalHostSettings { Storage = StorageMode.Memory }, customers: 250);

        AssertRanThrough(report, 250);
        Assert.Contains("records", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithTheDemandModel_LeadsCarryItsVerdictAndTheArmsAreKept()
    {
        var population = Population(300);
        var experiment = new LiveExperiment(population, new DemandExperimentSettings(), Path.Combine(Path.GetTempPath(), $"demand-{Guid.NewGuid():N}.zip"));
        await experiment.TrainAsync(200, CancellationToken.None);
        var model = experiment.Training!.Model;
        using var log = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));

        var report = await new PopulationRun(population, new PopulationProgress(new TestConsole(), log, 300), experiment)
            .RunAsync(new LocalHostSettings { Storage = StorageMode.Memory }, TimeSpan.FromMinutes(4), timeout.Token);

        AssertRanThrough(report, 300);
        var arms = experiment.Settings.Arms;
        var threshold = model.Manifest.ThresholdFor(experiment.Settings.Capacity);
        var leads = report.CrmLeads.Where(l => l.GetProperty("category").GetString() == "Marketing").ToList();
        Assert.NotEmpty(leads);
        foreach (var lead in leads)
        {
            // Every Marketing lead names the model, its score and the customer's arm; the control is never contacted, the
            // challenger only at or above the capacity's threshold.
            var verdict = lead.GetProperty("model");
            var arm = arms.Assign(lead.GetProperty("customerKey").GetString()!);
            Assert.Equal(model.Version, verdict.GetProperty("version").GetString());
            Assert.Equal(arm.ToString(), verdict.GetProperty("arm").GetString());
            Assert.NotEqual(Domain.Demand.ExperimentArm.Control, arm);
            Assert.InRange(verdict.GetProperty("score").GetDouble(), arm == Domain.Demand.ExperimentArm.Challenger ? threshold : 0, 1);
        }

        // The live arms count every Marketing window of the run, and the control's windows were all left alone.
        var control = experiment.Arms.Single(a => a.Arm == Domain.Demand.ExperimentArm.Control);
        Assert.True(control.Windows > 0);
        Assert.Equal(0, control.Contacted);
        Assert.Equal(report.Funnel!.WindowsByRule.Where(r => Catalog.Rule(r.Key).Category == Domain.Windows.RuleCategory.Marketing).Sum(r => r.Value), experiment.Arms.Sum(a => a.Windows));
        Assert.Equal(leads.Count, experiment.Arms.Sum(a => a.Contacted));
    }

    [Fact]
    public async Task Progress_OnATerminal_DrawsTheTableWithTotalsAndRates()
    {
        var console = new TestConsole();
        console.Profile.Capabilities.Interactive = true;
        var progress = new PopulationProgress(console, TextWriter.Null, 100);
        var started = DateTime.UtcNow;
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(900));

        // A reading that grows with time: 2,000 records folded a second.
        await progress.RunAsync(() =>
        {
            var elapsed = DateTime.UtcNow - started;
            var folded = (long)(elapsed.TotalSeconds * 2000);
            return new PopulationSample(elapsed, 100, 12_345, folded, 17, 16, 3, 9, 8);
        }, stop.Token);

        var screen = console.Output;
        Assert.Contains("LifeWindow on 100 synthetic customers", screen, StringComparison.Ordinal);
        Assert.Contains("records published", screen, StringComparison.Ordinal);
        Assert.Contains("12,345", screen, StringComparison.Ordinal);
        Assert.Contains("workflows running", screen, StringComparison.Ordinal);
        // The rate column shows about 2,000/s once two readings are a quarter second apart.
        Assert.Matches(@"records folded\s*│\s*[\d,]+\s*│\s*(1,[89]\d\d|2,[01]\d\d)\s", screen);
    }

    private static readonly Domain.Windows.RuleCatalog Catalog = Domain.Windows.RuleCatalogLoader.LoadDefault();

    internal static SyntheticPopulation Population(int customers) =>
        new(Seed, customers, YearMonth.From(BusinessClock.Today(TimeProvider.System)).AddMonths(-1));

    internal static async Task<(PopulationReport Report, string Log)> RunAsync(LocalHostSettings settings, int customers)
    {
        using var log = new StringWriter();
        var run = new PopulationRun(Population(customers), new PopulationProgress(new TestConsole(), log, customers));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var report = await run.RunAsync(settings, TimeSpan.FromMinutes(4), timeout.Token);
        return (report, log.ToString());
    }

    internal static void AssertRanThrough(PopulationReport report, int customers)
    {
        Assert.True(report.Succeeded, report.Summary);

        // The same population generated again, independently of the run: its records are what was published and kept.
        var records = Population(customers).Generate().Sum(c => c.Facts.Count);
        Assert.Equal(records, report.Published);

        // The meter is the process's, and this test process runs other hosts beside this one: at least every record.
        Assert.True(report.Folded >= records, $"{report.Folded} folded of {records}");
        var funnel = Assert.IsType<Integration.Telemetry.Funnel>(report.Funnel);
        Assert.Equal(records, funnel.RecordsAccepted);
        Assert.Equal(0, funnel.RecordsRejected);
        Assert.Equal(customers, funnel.Customers);

        // Windows of many rules; every workflow completed; every lead the CRM received was answered and recorded.
        Assert.True(funnel.WindowsByRule.Count >= 8, string.Join(", ", funnel.WindowsByRule.Keys));
        // Every workflow completed, but for the limit reviews holding a line until their risk signal clears.
        Assert.Equal(report.WorkflowsByStatus.Values.Sum() - report.LimitReviewsHolding, report.WorkflowsByStatus.GetValueOrDefault("Completed"));
        Assert.True(funnel.LeadsDelivered > 0);
        Assert.Equal(funnel.LeadsDelivered, report.OutcomesReported.Values.Sum() + report.RmNotices);
        Assert.Equal(report.OutcomesReported.Values.Sum(), funnel.Outcomes - funnel.OutcomesByKind.GetValueOrDefault(LeadOutcome.Withdrawn));
    }
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class AzuritePopulationRunTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Run_TablesAndDurableTaskAzureStorage_EveryRecordFoldedEveryWorkflowEndedEveryLeadAnswered()
    {
        var settings = new LocalHostSettings { Storage = StorageMode.Azurite, StorageConnectionString = azurite.ConnectionString, NamePrefix = AzuriteFixture.UniqueName("pop") };

        var (report, _) = await PopulationRunTests.RunAsync(settings, customers: 40);

        PopulationRunTests.AssertRanThrough(report, 40);
    }
}
