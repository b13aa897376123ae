using System.Diagnostics;
using LifeWindow.Domain.Feeds;
using LifeWindow.Domain.Feeds.Bank;
using LifeWindow.Integration.Streams;
using LifeWindow.Integration.Telemetry;
using LifeWindow.LocalHost.Hosting;
using LifeWindow.Sandbox.Crm;
using LifeWindow.Sandbox.Population;

namespace LifeWindow.Demo.Population;

/// <summary>
/// The demo's second part (issue 15): the whole system on a bank-sized synthetic population. A host of its own (fresh
/// stores) takes every customer's 36 months of records, one customer's history as one publish on the feed stream, so it is
/// folded and judged at once; the windows' offer workflows run on the engine; the bank's back office answers what the
/// credit offers ask; the CRM (<see cref="CrmDesk"/>) reports an outcome for every lead it receives. A live display shows
/// records, windows, workflows and leads per second; the run ends when every record is folded and every workflow has ended.
/// </summary>
/// <remarks>
/// The population enters behind ingress, at the feed stream: its records are generated already tokenized (keys under the
/// population's own pepper), and there is no partner format for every one of its record types. Ingress — signatures,
/// parsing, validation, tokenizing — is what the demo's first part drives over HTTP and benchmark 2 measures.
/// </remarks>
/// <param name="experiment">The champion/challenger experiment to run live (its model trained already), or null for the rules alone.</param>
public sealed class PopulationRun(SyntheticPopulation population, PopulationProgress progress, LiveExperiment? experiment = null)
{
    /// <summary>Records in flight (published, not yet folded) above which the loader waits: memory stays flat at any N.</summary>
    public const int MaxInFlight = 40_000;

    public const string Partner = "population";

    public async Task<PopulationReport> RunAsync(LocalHostSettings settings, TimeSpan settleTimeout, CancellationToken cancellationToken)
    {
        // Warnings (a lease moving, a retried delivery) would tear the live display; the report says what matters.
        var overrides = new Dictionary<string, string?>(DemoRunner.QuietHostSettings)
        {
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:LifeWindow"] = "Error",
            ["Logging:LogLevel:DurableTask"] = "Error",
        };
        foreach (var (key, value) in experiment?.HostSettings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        foreach (var (key, value) in settings.Overrides)
        {
            overrides[key] = value;
        }

        // A fresh task hub and tables for the population on Azurite (a rerun must not meet the last run's windows and cool-offs).
        var prefix = settings.Storage == StorageMode.Azurite ? RunPrefix(settings.NamePrefix, DateTimeOffset.UtcNow) : settings.NamePrefix;
        await using var app = LocalHostApp.Build(settings with { Port = 0, NamePrefix = prefix, Overrides = overrides });
        using var counters = new InstanceCounters();
        await app.StartAsync(cancellationToken);
        try
        {
            return await DriveAsync(app, counters, settleTimeout, cancellationToken);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    private async Task<PopulationReport> DriveAsync(WebApplication app, InstanceCounters counters, TimeSpan settleTimeout, CancellationToken cancellationToken)
    {
        var services = app.Services;
        var time = services.GetRequiredService<TimeProvider>();
        var windows = services.GetRequiredService<IWindowStore>();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
        var desk = new CrmDesk(
            services.GetRequiredService<CrmSink>(),
            new WebhookSender(http, services.GetRequiredService<IOptions<WebhookOptions>>().Value.Partners[DemoRunner.CrmPartner].Secrets[0], time),
            new BackOffice(http, services.GetRequiredService<DurableTaskClient>(), services.GetRequiredService<IOptions<OperatorOptions>>().Value),
            services.GetRequiredService<DurableTaskClient>(),
            experiment is null ? (lead, _) => Task.FromResult(CrmDesk.SeededOutcome(lead, population.Seed)) : (lead, ct) => experiment.OutcomeAsync(windows, lead, ct));
        var report = new PopulationReport { Customers = population.Customers, Seed = population.Seed, FirstMonth = population.FirstMonth, LastMonth = population.LastMonth };
        var clock = Stopwatch.StartNew();
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var live = progress.RunAsync(() => Sample(report, counters, desk, clock.Elapsed), sampling.Token);
        try
        {
            // The CRM and the back office work while the population loads, as they would. The run can settle once it is loaded
            // and this host's feed stream holds nothing more (the meter's folded count is the process's: a test process runs
            // other hosts beside this one).
            var loaded = false;
            var monitor = services.GetRequiredService<IFeedStreamMonitor>();
            var settle = desk.SettleAsync(
                async ct => Volatile.Read(ref loaded) && (await monitor.ReadAsync(ct)).Pending == 0,
                settleTimeout,
                sampling.Token);
            await LoadAsync(services.GetRequiredService<IFeedStream>(), report, counters, time, cancellationToken);
            report.LoadedIn = clock.Elapsed;
            Volatile.Write(ref loaded, true);
            report.Settled = await settle;
            report.SettledIn = clock.Elapsed;
        }
        finally
        {
            await sampling.CancelAsync();
            await live;
        }

        await report.CollectAsync(services, counters, desk, cancellationToken);
        if (experiment is not null)
        {
            await experiment.MeasureAsync(windows, services.GetRequiredService<CrmSink>(), cancellationToken);
            report.Experiment = experiment;
        }

        return report;
    }

    /// <summary>Generates and publishes every customer's history, a customer per publish, keeping at most <see cref="MaxInFlight"/> records unfolded.</summary>
    private async Task LoadAsync(IFeedStream stream, PopulationReport report, InstanceCounters counters, TimeProvider time, CancellationToken cancellationToken)
    {
        foreach (var customer in population.Generate())
        {
            while (report.Published - Folded(counters) > MaxInFlight)
            {
                await Task.Delay(20, cancellationToken);
            }

            report.Statistics.Add(customer, population.AsOf);
            experiment?.Loaded(customer);
            var now = time.GetUtcNow();
            var delivery = string.Create(CultureInfo.InvariantCulture, $"population-{population.Customers}-{customer.Index}");
            await stream.PublishBatchAsync([.. customer.Facts.Select(f => new FeedMessage(FeedOf(f.Record), Partner, delivery, now, f.Record))], cancellationToken);
            report.Published += customer.Facts.Count;
        }
    }

    private static long Folded(InstanceCounters counters) => counters.Snapshot().GetValueOrDefault("lifewindow.records.folded");

    private static PopulationSample Sample(PopulationReport report, InstanceCounters counters, CrmDesk desk, TimeSpan elapsed)
    {
        var totals = counters.Snapshot();
        return new PopulationSample(
            elapsed,
            report.Statistics.Customers,
            report.Published,
            totals.GetValueOrDefault("lifewindow.records.folded"),
            totals.GetValueOrDefault("lifewindow.windows.opened"),
            totals.GetValueOrDefault("lifewindow.workflows.started"),
            desk.Running,
            desk.LeadsReceived,
            desk.OutcomesReported);
    }

    /// <summary>
    /// The names of a run's tables and task hub on Azurite: the host's prefix (cut to 15 characters: names allow 21) and "p"
    /// with the run's start in seconds, base 36, modulo 36⁵ (a rerun 10 seconds or 700 days later gets new names).
    /// </summary>
    public static string RunPrefix(string prefix, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var seconds = start.ToUnixTimeSeconds() % 60_466_176;
        var suffix = new char[5];
        for (var i = suffix.Length - 1; i >= 0; i--, seconds /= 36)
        {
            suffix[i] = "0123456789abcdefghijklmnopqrstuvwxyz"[(int)(seconds % 36)];
        }

        return prefix[..Math.Min(prefix.Length, 15)] + "p" + new string(suffix);
    }

    /// <summary>The feed a record of this type arrives on (what the stream's per-feed counters are kept by).</summary>
    public static string FeedOf(FeedRecord record) => record switch
    {
        ProvidentFundContribution => "provident-fund",
        PropertyRegistryEvent => "property-registry",
        TaxInvoice or TaxDeclaration => "tax",
        ConsentRecord => "consent",
        ConsumptionSceneRecord => "consumption",
        _ => "bank",
    };
}
