namespace LifeWindow.Domain.Income;

/// <summary>
/// Turns a customer's profile view into one estimate per income source and reconciles them into a
/// verified monthly income (CNY) with a confidence.
/// <para>
/// Employment income (provident-fund base, payroll) and business income (tax declarations, invoices)
/// are different money, so they are reconciled per family and then added: within a family two sources
/// that agree (differ by at most the policy's <see cref="IncomeVerificationPolicy.MaxDiscrepancyPct"/>
/// of the higher one) give their mean and corroborate each other; two that disagree give the lower
/// (the bank's conservative reading) and only the lower one's evidence is used.
/// </para>
/// <para>
/// Confidence = 0 with no data, else min(1, 0.35 + 0.15 × (sources with data − 1) + 0.20 × corroborated
/// pairs): one source 0.35; two agreeing employment sources 0.70; all four in two agreeing pairs 1.
/// </para>
/// </summary>
public static class IncomeReconciler
{
    private const decimal BaseConfidence = 0.35m;
    private const decimal PerExtraSource = 0.15m;
    private const decimal PerCorroboratedPair = 0.20m;

    /// <summary>First month of a lookback of <paramref name="months"/> months ending with <paramref name="asOf"/>.</summary>
    public static YearMonth LookbackStart(YearMonth asOf, int months) => asOf.AddMonths(-(Math.Max(1, months) - 1));

    /// <summary>The contribution base of the latest month in the lookback whose status is Normal.</summary>
    public static SourceEstimate ProvidentFund(ProfileView view, YearMonth asOf, int lookbackMonths)
    {
        ArgumentNullException.ThrowIfNull(view);
        var from = LookbackStart(asOf, lookbackMonths);
        var latest = view.ProvidentFund
            .Where(m => m.Period >= from && m.Period <= asOf && m.Status == ContributionStatus.Normal && m.ContributionBase > 0m)
            .MaxBy(m => m.Period);
        return latest is null
            ? SourceEstimate.None(IncomeSource.ProvidentFund)
            : new SourceEstimate(IncomeSource.ProvidentFund, Money(latest.ContributionBase), 1, [latest.Evidence]);
    }

    /// <summary>The average of the months in the lookback that had payroll credits.</summary>
    public static SourceEstimate Payroll(ProfileView view, YearMonth asOf, int lookbackMonths)
    {
        ArgumentNullException.ThrowIfNull(view);
        var from = LookbackStart(asOf, lookbackMonths);
        var months = view.Payroll.Where(m => m.Month >= from && m.Month <= asOf && m.Amount > 0m).OrderBy(m => m.Month).ToList();
        return months.Count == 0
            ? SourceEstimate.None(IncomeSource.Payroll)
            : new SourceEstimate(IncomeSource.Payroll, Money(months.Sum(m => m.Amount) / months.Count), months.Count, Distinct(months.SelectMany(m => m.Evidence)));
    }

    /// <summary>Declared revenue of the quarters starting in the lookback (all of a quarter's declarations added), per month.</summary>
    public static SourceEstimate TaxDeclarations(ProfileView view, YearMonth asOf, int lookbackMonths)
    {
        ArgumentNullException.ThrowIfNull(view);
        var from = LookbackStart(asOf, lookbackMonths);
        var declared = view.Declarations
            .Where(d => YearMonth.From(d.Period.FirstDay) >= from && YearMonth.From(d.Period.FirstDay) <= asOf)
            .OrderBy(d => d.Period).ThenBy(d => d.Uscc, StringComparer.Ordinal)
            .ToList();
        var quarters = declared.Select(d => d.Period).Distinct().Count();
        var revenue = declared.Sum(d => d.DeclaredRevenue);
        return quarters == 0 || revenue <= 0m
            ? SourceEstimate.None(IncomeSource.TaxDeclarations)
            : new SourceEstimate(IncomeSource.TaxDeclarations, Money(revenue / (quarters * 3)), quarters, Distinct(declared.Select(d => d.Evidence)));
    }

    /// <summary>Invoiced revenue (the view already nets red letters and voids) per month, over the months in the lookback with invoices.</summary>
    public static SourceEstimate Invoices(ProfileView view, YearMonth asOf, int lookbackMonths)
    {
        ArgumentNullException.ThrowIfNull(view);
        var from = LookbackStart(asOf, lookbackMonths);
        var months = view.Revenue.Where(m => m.Month >= from && m.Month <= asOf && m.Invoiced != 0m).OrderBy(m => m.Month).ToList();
        var net = months.Sum(m => m.Invoiced);
        return months.Count == 0 || net <= 0m
            ? SourceEstimate.None(IncomeSource.Invoices)
            : new SourceEstimate(IncomeSource.Invoices, Money(net / months.Count), months.Count, Distinct(months.SelectMany(m => m.Evidence)));
    }

    /// <summary>Reconciles the four estimates (any order, missing ones allowed) against the declared monthly income.</summary>
    public static IncomeReconciliation Reconcile(decimal declaredMonthlyIncome, IReadOnlyList<SourceEstimate> estimates, IncomeVerificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        ArgumentNullException.ThrowIfNull(policy);
        SourceEstimate Of(IncomeSource s) => estimates.FirstOrDefault(e => e.Source == s) ?? SourceEstimate.None(s);
        var sources = Enum.GetValues<IncomeSource>().Select(Of).ToList();

        var employment = Family(Of(IncomeSource.ProvidentFund), Of(IncomeSource.Payroll), policy.MaxDiscrepancyPct);
        var business = Family(Of(IncomeSource.TaxDeclarations), Of(IncomeSource.Invoices), policy.MaxDiscrepancyPct);
        var used = employment.Used.Concat(business.Used).ToList();
        var withData = sources.Count(s => s.HasData);
        var pairs = (employment.Corroborated ? 1 : 0) + (business.Corroborated ? 1 : 0);

        decimal? verified = used.Count == 0 ? null : Money(employment.Value + business.Value);
        var confidence = withData == 0 ? 0m : Math.Min(1m, BaseConfidence + (PerExtraSource * (withData - 1)) + (PerCorroboratedPair * pairs));
        decimal? discrepancy = verified is { } v ? Math.Round(Math.Abs(declaredMonthlyIncome - v) / v * 100m, 2, MidpointRounding.AwayFromZero) : null;

        return new IncomeReconciliation(
            verified,
            confidence,
            declaredMonthlyIncome,
            discrepancy,
            NeedsDocuments: discrepancy is not { } d || d > policy.MaxDiscrepancyPct,
            Used: [.. used.Select(u => u.Source)],
            Corroborated: [.. (employment.Corroborated ? employment.Used : []).Concat(business.Corroborated ? business.Used : []).Select(u => u.Source)],
            Evidence: Distinct(used.SelectMany(u => u.Evidence)),
            Sources: sources);
    }

    /// <summary>Whether two amounts differ by at most <paramref name="pct"/> percent of the higher one.</summary>
    public static bool Agree(decimal a, decimal b, decimal pct) =>
        Math.Abs(a - b) <= Math.Max(a, b) * pct / 100m;

    private static (decimal Value, IReadOnlyList<SourceEstimate> Used, bool Corroborated) Family(SourceEstimate first, SourceEstimate second, decimal pct)
    {
        if (!first.HasData && !second.HasData)
        {
            return (0m, [], false);
        }

        if (!first.HasData || !second.HasData)
        {
            var only = first.HasData ? first : second;
            return (only.MonthlyIncome!.Value, [only], false);
        }

        var (a, b) = (first.MonthlyIncome!.Value, second.MonthlyIncome!.Value);
        if (Agree(a, b, pct))
        {
            return ((a + b) / 2m, [first, second], true);
        }

        var lower = a <= b ? first : second;
        return (lower.MonthlyIncome!.Value, [lower], false);
    }

    private static decimal Money(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    private static string[] Distinct(IEnumerable<string> evidence) => [.. evidence.Distinct(StringComparer.Ordinal)];
}
