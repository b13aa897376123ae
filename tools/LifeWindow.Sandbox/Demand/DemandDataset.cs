using LifeWindow.Domain.Backtests;
using LifeWindow.Domain.Contact;
using LifeWindow.Domain.Demand;
using LifeWindow.Domain.Profiles;
using LifeWindow.Domain.Windows;
using LifeWindow.Sandbox.Population;

namespace LifeWindow.Sandbox.Demand;

/// <summary>
/// One Marketing window the catalog opened while the population was replayed: who, which rule, the month it opened
/// (Asia/Shanghai), its feature vector from the customer's tags as of that moment, and its simulated outcomes.
/// </summary>
public sealed record DemandWindow(int CustomerIndex, string CustomerKey, string WindowId, string RuleId, int Priority, YearMonth Month, float[] Features, ConversionOutcome Outcome);

/// <summary>
/// The demand model's examples: every customer's facts replayed through the catalog (<see cref="WindowReplay"/>, as a
/// backtest does: month ends and recording days are evaluation points), and for each Marketing window opened, the tags
/// the profile had at that moment (what the marketing consent permits, as the offer workflow sees them), made into a
/// vector by <see cref="DemandFeatureSet"/>. The label is <see cref="ConversionWorld"/>'s outcome if contacted. Customers
/// are replayed in parallel; the windows come back in (customer, opening, id) order whatever the degree.
/// </summary>
public sealed class DemandDataset
{
    private DemandDataset(DemandFeatureSet features, string catalogVersion, IReadOnlyList<DemandWindow> windows, TimeSpan buildTime)
    {
        Features = features;
        CatalogVersion = catalogVersion;
        Windows = windows;
        BuildTime = buildTime;
    }

    public DemandFeatureSet Features { get; }

    public string CatalogVersion { get; }

    public IReadOnlyList<DemandWindow> Windows { get; }

    public TimeSpan BuildTime { get; }

    public static async Task<DemandDataset> BuildAsync(SyntheticPopulation population, RuleCatalog catalog, ConversionWorld world, int parallelism, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(world);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var features = DemandFeatureSet.For(catalog);
        var perCustomer = new IReadOnlyList<DemandWindow>[population.Customers];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, population.Customers, options, (i, _) =>
        {
            perCustomer[i] = Of(population, population.Customer(i), catalog, features, world);
            if (Interlocked.Increment(ref done) % 500 == 0)
            {
                progress?.Report(done);
            }

            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        progress?.Report(population.Customers);
        return new DemandDataset(features, catalog.Version, [.. perCustomer.SelectMany(w => w)], clock.Elapsed);
    }

    /// <summary>One customer's Marketing windows with their features (tags as of each opening) and outcomes.</summary>
    public static IReadOnlyList<DemandWindow> Of(SyntheticPopulation population, SyntheticCustomer customer, RuleCatalog catalog, DemandFeatureSet features, ConversionWorld world)
    {
        ArgumentNullException.ThrowIfNull(population);
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(world);
        var facts = customer.Facts.Select(f => new RecordedFact(f.Record, f.RecordedAt)).ToList();
        var from = new DateTimeOffset(population.FirstMonth.FirstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
        var to = new DateTimeOffset(population.AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).AddTicks(-1);
        var windows = WindowReplay.Instance.Replay(customer.CustomerKey, facts, catalog, from, to)
            .Where(w => w.Category == RuleCategory.Marketing)
            .OrderBy(w => w.OpensAt).ThenBy(w => w.WindowId, StringComparer.Ordinal)
            .ToList();
        var result = new List<DemandWindow>(windows.Count);
        var builder = new ProfileViewBuilder(catalog.Tags);
        var next = 0;
        foreach (var window in windows)
        {
            // The profile grows fact by fact up to the window's opening: the tags are the ones the workflow would have read then.
            for (; next < facts.Count && facts[next].RecordedAt <= window.OpensAt; next++)
            {
                builder.Add(Fact.From(facts[next].Record, facts[next].RecordedAt));
            }

            var tags = ConsentSources.PermittedTags(builder.ToView(), catalog.Tags, ConsentPurpose.Marketing, window.OpensAt, customer.CustomerKey);
            result.Add(new DemandWindow(customer.Index, customer.CustomerKey, window.WindowId, window.RuleId, window.Priority,
                YearMonth.From(BusinessClock.ToBusinessDate(window.OpensAt)), features.Vector(tags, window.RuleId), world.Outcome(customer, window)));
        }

        return result;
    }
}
