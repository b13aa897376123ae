namespace LifeWindow.Domain.Tests.Backtests;

/// <summary>Customer histories and catalogs for backtest tests.</summary>
internal static class Histories
{
    public static readonly RuleCatalog Catalog = RuleCatalogLoader.LoadDefault();

    /// <summary>The shipped catalog with IncomeUpgrade's growth threshold set to <paramref name="minGrowthPct"/>.</summary>
    public static RuleCatalog WithMinGrowth(decimal minGrowthPct) => Catalog with
    {
        Version = Catalog.Version + "-growth" + minGrowthPct,
        Rules = Catalog.Rules
            .Select(r => r.Id == "IncomeUpgrade"
                ? r with { Thresholds = new Dictionary<string, decimal>(r.Thresholds) { ["minIncomeGrowthPct"] = minGrowthPct } }
                : r)
            .ToList(),
    };

    /// <summary>When a month's contribution is recorded: the 12th of the next month, 10:00 Shanghai.</summary>
    public static DateTimeOffset RecordedFor(YearMonth period, int dayOffset = 0) =>
        new DateTimeOffset(period.AddMonths(1).FirstDay.AddDays(11 + dayOffset).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));

    /// <summary>Months <paramref name="first"/> onwards, one base per month, each recorded the month after.</summary>
    public static CustomerHistory Monthly(string customer, YearMonth first, params decimal[] bases) =>
        new(customer, bases.Select((b, i) =>
        {
            var period = first.AddMonths(i);
            return new RecordedFact(Facts.Contribution(period, b, evidence: $"{customer}-{period}") with { CustomerKey = customer }, RecordedFor(period));
        }).ToList());

    /// <summary>Twelve months at 10,000 from 2025-01, then 2026-01 at <paramref name="raisedBase"/> (recorded 2026-02-12).</summary>
    public static CustomerHistory RaiseInJanuary(string customer, decimal raisedBase) =>
        Monthly(customer, new YearMonth(2025, 1), [.. Enumerable.Repeat(10000m, 12), raisedBase]);
}
