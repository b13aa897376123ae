using LifeWindow.Integration.Telemetry;
using LifeWindow.LocalHost.Hosting;
using LifeWindow.Sandbox.Population;

namespace LifeWindow.Demo.Population;

/// <summary>What the population run did, read at its end from its own counts, the host's counters and the host's stores.</summary>
public sealed class PopulationReport
{
    public int Customers { get; init; }

    public int Seed { get; init; }

    public YearMonth FirstMonth { get; init; }

    public YearMonth LastMonth { get; init; }

    public PopulationStatistics Statistics { get; } = new();

    public long Published { get; set; }

    public TimeSpan LoadedIn { get; set; }

    public TimeSpan SettledIn { get; set; }

    /// <summary>Every record folded and every workflow ended before the settle timeout.</summary>
    public bool Settled { get; set; }

    public long Folded { get; private set; }

    public int SetAside { get; private set; }

    public IReadOnlyDictionary<string, int> WorkflowsByStatus { get; private set; } = new Dictionary<string, int>();

    public IReadOnlyDictionary<LeadOutcome, int> OutcomesReported { get; private set; } = new Dictionary<LeadOutcome, int>();

    public int BackOfficeActions { get; private set; }

    /// <summary>Limit reviews' notices to the RMs (leads of offer LimitReview, which get no outcome).</summary>
    public int RmNotices { get; private set; }

    /// <summary>Limit reviews still holding a line (or their RM warning) when the run ended, waiting for their signal to clear.</summary>
    public int LimitReviewsHolding { get; private set; }

    public Funnel? Funnel { get; private set; }

    /// <summary>The leads the CRM received (each event's data), once each.</summary>
    public IReadOnlyList<System.Text.Json.JsonElement> CrmLeads { get; private set; } = [];

    /// <summary>The live champion/challenger experiment, when the run had one.</summary>
    public LiveExperiment? Experiment { get; set; }

    public string? FunnelFile { get; set; }

    public bool Calibrated => Statistics.Rows().All(r => r.Ok);

    /// <summary>The run worked end to end (calibration is reported beside it: at a few hundred customers it is noise).</summary>
    public bool Succeeded =>
        Settled && Folded >= Published && SetAside == 0 && Funnel is { Windows: > 0, LeadsDelivered: > 0 }
        && WorkflowsByStatus.GetValueOrDefault("Failed") == 0 && WorkflowsByStatus.GetValueOrDefault("Running") == LimitReviewsHolding;

    public async Task CollectAsync(IServiceProvider services, InstanceCounters counters, CrmDesk desk, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(desk);
        Folded = counters.Snapshot().GetValueOrDefault("lifewindow.records.folded");
        SetAside = await services.GetRequiredService<IFeedBacklog>().FailedCountAsync(cancellationToken);
        WorkflowsByStatus = await services.GetRequiredService<IWorkflowCensus>().CountByStatusAsync(cancellationToken);
        OutcomesReported = desk.Outcomes;
        BackOfficeActions = desk.BackOfficeActions.Count;
        LimitReviewsHolding = desk.Holding;
        RmNotices = desk.RmNotices;
        Funnel = await services.GetRequiredService<FunnelReader>().ReadAsync(cancellationToken);
        CrmLeads = [.. services.GetRequiredService<Sandbox.Crm.CrmSink>().Leads.Select(l => l.Body)];
    }

    public async Task WriteFunnelAsync(string file, CancellationToken cancellationToken)
    {
        if (Funnel is null)
        {
            return;
        }

        FunnelFile = Path.GetFullPath(file);
        Directory.CreateDirectory(Path.GetDirectoryName(FunnelFile)!);
        await File.WriteAllTextAsync(FunnelFile, FunnelPicture.Render(Funnel), cancellationToken);
    }

    public void Print(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Population: {Customers:N0} synthetic customers (seed {Seed}), {FirstMonth}..{LastMonth}, calibrated against DOMAIN.md:"));
        foreach (var line in Statistics.Table().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            output.WriteLine("  " + line.TrimEnd('\r'));
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Run: {Published:N0} records published in {LoadedIn.TotalSeconds:0.0} s ({Published / Math.Max(LoadedIn.TotalSeconds, 1e-3):N0}/s), {Folded:N0} folded, {SetAside} set aside; settled {(Settled ? "in" : "NOT within the timeout, after")} {SettledIn.TotalSeconds:0.0} s."));
        output.WriteLine("Workflows by status: " + string.Join(", ", WorkflowsByStatus.Select(s => $"{s.Key} {s.Value:N0}")) + string.Create(CultureInfo.InvariantCulture, $"; back-office actions {BackOfficeActions:N0}; limit reviews: {RmNotices:N0} RM notices, {LimitReviewsHolding:N0} reviews still holding a line until their risk signal clears."));
        output.WriteLine("Outcomes the CRM reported: " + string.Join(", ", OutcomesReported.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value:N0}")) + ".");
        if (Funnel is not null)
        {
            output.WriteLine();
            output.WriteLine("Funnel (read from the population host's stores):");
            foreach (var line in FunnelPicture.Table(Funnel))
            {
                output.WriteLine("  " + line);
            }

            if (FunnelFile is not null)
            {
                output.WriteLine("Funnel picture written to " + FunnelFile);
            }
        }

        Experiment?.Print(output);
    }

    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"Population {(Succeeded ? "OK" : "NOT OK")}: {Customers:N0} customers, {Published:N0} records, {Funnel?.Windows ?? 0:N0} windows, {WorkflowsByStatus.Values.Sum():N0} workflows, {Funnel?.LeadsDelivered ?? 0:N0} leads delivered, {OutcomesReported.Values.Sum():N0} outcomes; {(Calibrated ? "calibration within tolerance" : "calibration OFF target")}.");
}
