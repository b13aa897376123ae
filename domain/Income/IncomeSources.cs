namespace LifeWindow.Domain.Income;

/// <summary>Where a monthly-income estimate comes from. Employment sources measure salary; business sources measure a business's revenue.</summary>
public enum IncomeSource
{
    /// <summary>Provident-fund contribution base of the latest Normal month (employment).</summary>
    ProvidentFund,

    /// <summary>Average monthly payroll credits (employment).</summary>
    Payroll,

    /// <summary>Quarterly declared revenue / 3, averaged over the quarters declared (business).</summary>
    TaxDeclarations,

    /// <summary>Average monthly invoiced revenue net of red-letter reversals and voids (business).</summary>
    Invoices,
}

/// <summary>One source's estimate of monthly income (CNY), or none when the source has no data in the lookback.</summary>
public sealed record SourceEstimate(IncomeSource Source, decimal? MonthlyIncome, int Periods, IReadOnlyList<string> Evidence)
{
    public static SourceEstimate None(IncomeSource source) => new(source, null, 0, []);

    public bool HasData => MonthlyIncome is > 0m;
}

/// <summary>
/// The reconciled income: the verified monthly income (null when no source had data), how sure we are,
/// which sources and evidence hashes it rests on, and how far the declared income is from it.
/// </summary>
public sealed record IncomeReconciliation(
    decimal? VerifiedMonthlyIncome,
    decimal Confidence,
    decimal DeclaredMonthlyIncome,
    decimal? DiscrepancyPct,
    bool NeedsDocuments,
    IReadOnlyList<IncomeSource> Used,
    IReadOnlyList<IncomeSource> Corroborated,
    IReadOnlyList<string> Evidence,
    IReadOnlyList<SourceEstimate> Sources);
