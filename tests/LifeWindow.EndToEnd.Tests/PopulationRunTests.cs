using LifeWindow.Demo.Population;
using LifeWindow.Domain.Leads;
using LifeWindow.Domain.Time;
using LifeWindow.LocalHost.Hosting;
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

    internal static async Task<(PopulationReport Report, string Log)> RunAsync(LocalHostSettings settings, int customers)
    {
        using var log = new StringWriter();
        var run = new PopulationRun(customers, Seed, new PopulationProgress(new TestConsole(), log, customers));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var report = await run.RunAsync(settings, TimeSpan.FromMinutes(4), timeout.Token);
        return (report, log.ToString());
    }

    internal static void AssertRanThrough(PopulationReport report, int customers)
    {
        Assert.True(report.Succeeded, report.Summary);

        // The same population generated again, independently of the run: its records are what was published and kept.
        var population = new SyntheticPopulation(Seed, customers, YearMonth.From(BusinessClock.Today(TimeProvider.System)).AddMonths(-1));
        var records = population.Generate().Sum(c => c.Facts.Count);
        Assert.Equal(records, report.Published);
        Assert.Equal(records, report.Folded);
        var funnel = Assert.IsType<Integration.Telemetry.Funnel>(report.Funnel);
        Assert.Equal(records, funnel.RecordsAccepted);
        Assert.Equal(0, funnel.RecordsRejected);
        Assert.Equal(customers, funnel.Customers);

        // Windows of many rules; every workflow completed; every lead the CRM received was answered and recorded.
        Assert.True(funnel.WindowsByRule.Count >= 8, string.Join(", ", funnel.WindowsByRule.Keys));
        Assert.Equal(["Completed"], report.WorkflowsByStatus.Keys);
        Assert.True(funnel.LeadsDelivered > 0);
        Assert.Equal(funnel.LeadsDelivered, report.OutcomesReported.Values.Sum());
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
