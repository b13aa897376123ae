using System.Xml.Linq;
using Azure.Data.Tables;
using LifeWindow.Domain.Feeds;
using LifeWindow.Domain.Leads;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Outbox;

namespace LifeWindow.LocalHost.Tests;

/// <summary>lifewindow report: the funnel read from a host's Table stores, printed as a table and written as SVG.</summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class ReportCommandTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("lifewindow-report-");

    public void Dispose() => work.Delete(recursive: true);

    [Fact]
    public async Task Report_TableStores_PrintsTheCountsAndWritesTheSvg()
    {
        var prefix = AzuriteFixture.UniqueName("t");
        var tables = new LifeWindowTables(new TableServiceClient(azurite.ConnectionString), prefix);
        var facts = new TableFactLog(tables);
        for (var i = 0; i < 3; i++)
        {
            await facts.AppendAsync(Consent("k1-report", i), Now, CancellationToken.None);
        }

        var windows = new TableWindowStore(tables);
        var lump = SampleWindows.LumpSum("k1-report");
        await windows.TryAddAsync(lump, CancellationToken.None);
        await windows.TryAddAsync(lump with { WindowId = Window.IdFor("k1-report", "HomeEquity", "2026-11"), RuleId = "HomeEquity" }, CancellationToken.None);
        var outbox = new TableLeadOutbox(tables);
        var (lead, entry) = await outbox.EnqueueLeadAsync(LeadOf(lump), Now, CancellationToken.None);
        Assert.NotNull(await outbox.TryUpdateAsync(entry with { Status = OutboxStatus.Sent, SentAt = Now }, CancellationToken.None));
        await new TableLeadStore(tables).RecordOutcomeAsync("k1-report", lead.LeadId, LeadOutcome.Accepted, Now, CancellationToken.None);

        var file = Path.Combine(work.FullName, "out", "funnel.svg");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LifeWindowCli.RunAsync(["report", "--storage", "azurite", "--connection", azurite.ConnectionString, "--table-prefix", prefix, "--out", file], output, error);

        Assert.True(exit == 0, output + error.ToString());
        var lines = output.ToString().Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("records                  3  记录", lines);
        Assert.Contains("windows                  2  窗口", lines);
        Assert.Contains("leads                    1  线索", lines);
        Assert.Contains("outcomes                 1  结果", lines);
        Assert.Contains(lines, l => l.StartsWith("  LumpSumInflow ", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains("Funnel picture written to " + file, lines);

        var svg = XDocument.Load(file).Root!;
        XNamespace ns = "http://www.w3.org/2000/svg";
        var titles = svg.Elements(ns + "g").Select(g => g.Element(ns + "title")!.Value).ToList();
        Assert.Contains("记录 (records): 3", titles);
        Assert.Contains("窗口 (windows): 2", titles);
        Assert.Contains("线索 (leads): 1", titles);
        Assert.Contains("HomeEquity: 1", titles);
    }

    [Fact]
    public async Task Report_WithoutAzurite_Exits2AndWritesNothing()
    {
        var file = Path.Combine(work.FullName, "funnel.svg");
        using var error = new StringWriter();
        Assert.Equal(2, await LifeWindowCli.RunAsync(["report", "--out", file], TextWriter.Null, error));
        Assert.Contains("--storage azurite", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(file));
    }

    private static ConsentRecord Consent(string customer, int n) => new()
    {
        RecordId = $"CS-{customer}-{n}", CustomerKey = customer, EvidenceHash = $"ev-{customer}-{n}", Purpose = ConsentPurpose.Marketing,
        Source = ConsentSource.ProvidentFund, Action = ConsentAction.Granted, EvidenceId = "esign-1", At = Now,
    };

    private static Lead LeadOf(Window window) => new()
    {
        LeadId = Lead.IdFor(window.WindowId), WindowId = window.WindowId, CustomerKey = window.CustomerKey, RuleId = window.RuleId, CatalogVersion = "v1",
        OfferId = "WealthOutreach", OfferName = "财富客户经理外呼", Script = "您好", Reasons = ["r"], Evidence = ["ev"], CreatedAt = Now, RespondBy = Now.AddDays(7),
    };
}
