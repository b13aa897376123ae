using LifeWindow.Domain.Income;

namespace LifeWindow.Domain.Tests.Income;

/// <summary>Reconciliation with numbers like DOMAIN's: a Shanghai salaried borrower on a 1.8万 base, a shop owner invoicing ~6万 a month.</summary>
public sealed class IncomeReconcilerTests
{
    private static readonly YearMonth AsOf = new(2026, 10);
    private static readonly IncomeVerificationPolicy Policy = new();

    private static PfMonth Pf(YearMonth m, decimal basis, ContributionStatus status = ContributionStatus.Normal) =>
        new(m, basis, EmployerSector.SOE, status, "91310000MA1FL0000X", 50_000m, null, $"pf-{m}");

    private static MoneyMonth Pay(YearMonth m, decimal amount) => new(m, amount, 1, [$"pay-{m}"]);

    private static RevenueMonth Inv(YearMonth m, decimal invoiced) => new(m, 0m, 0, invoiced, [$"inv-{m}"]);

    private static DeclarationQuarter Decl(YearQuarter q, decimal revenue) => new(q, "91310000MA1FL0000X", revenue, revenue * 0.01m, $"decl-{q}");

    private static ProfileView Salaried(decimal basis = 18_000m, decimal payroll = 17_000m) => new()
    {
        ProvidentFund = [.. Enumerable.Range(0, 12).Select(i => Pf(AsOf.AddMonths(-i), i < 3 ? basis : basis * 0.9m))],
        Payroll = [.. Enumerable.Range(0, 12).Select(i => Pay(AsOf.AddMonths(-i), payroll))],
    };

    [Fact]
    public void ProvidentFund_LatestNormalMonth_IsTheBase()
    {
        var view = new ProfileView { ProvidentFund = [Pf(AsOf.AddMonths(-2), 15_000m), Pf(AsOf.AddMonths(-1), 18_000m), Pf(AsOf, 0m, ContributionStatus.Suspended)] };

        var estimate = IncomeReconciler.ProvidentFund(view, AsOf, 12);

        Assert.Equal(18_000m, estimate.MonthlyIncome);
        Assert.Equal(["pf-2026-09"], estimate.Evidence);
    }

    [Fact]
    public void ProvidentFund_OnlyMonthsBeforeTheLookback_HasNoData() =>
        Assert.False(IncomeReconciler.ProvidentFund(new ProfileView { ProvidentFund = [Pf(AsOf.AddMonths(-12), 18_000m)] }, AsOf, 12).HasData);

    [Fact]
    public void Payroll_AveragesMonthsWithCredits()
    {
        var view = new ProfileView { Payroll = [Pay(AsOf, 20_000m), Pay(AsOf.AddMonths(-1), 16_000m), Pay(AsOf.AddMonths(-13), 99_999m)] };

        var estimate = IncomeReconciler.Payroll(view, AsOf, 12);

        Assert.Equal(18_000m, estimate.MonthlyIncome);
        Assert.Equal(2, estimate.Periods);
    }

    [Fact]
    public void TaxDeclarations_QuarterlyRevenueOverThree()
    {
        var view = new ProfileView { Declarations = [Decl(new(2026, 2), 180_000m), Decl(new(2026, 3), 198_000m), Decl(new(2025, 3), 1_000_000m)] };

        var estimate = IncomeReconciler.TaxDeclarations(view, AsOf, 12);

        Assert.Equal(63_000m, estimate.MonthlyIncome);
        Assert.Equal(["decl-2026-Q2", "decl-2026-Q3"], estimate.Evidence);
    }

    [Fact]
    public void Invoices_NetOfRedLettersPerMonth()
    {
        // A month whose red letters exceed its invoices counts with its negative net.
        var view = new ProfileView { Revenue = [Inv(AsOf, 70_000m), Inv(AsOf.AddMonths(-1), 60_000m), Inv(AsOf.AddMonths(-2), -10_000m), new RevenueMonth(AsOf.AddMonths(-3), 5_000m, 3, 0m, ["pos"])] };

        var estimate = IncomeReconciler.Invoices(view, AsOf, 12);

        Assert.Equal(40_000m, estimate.MonthlyIncome);
        Assert.Equal(3, estimate.Periods);
        Assert.DoesNotContain("pos", estimate.Evidence);
    }

    [Fact]
    public void Reconcile_SalariedSourcesAgree_MeanWithCorroboration()
    {
        var view = Salaried();
        var estimates = Estimates(view);

        var result = IncomeReconciler.Reconcile(20_000m, estimates, Policy);

        Assert.Equal(17_500m, result.VerifiedMonthlyIncome);
        Assert.Equal(0.70m, result.Confidence);
        Assert.Equal(14.29m, result.DiscrepancyPct);
        Assert.False(result.NeedsDocuments);
        Assert.Equal([IncomeSource.ProvidentFund, IncomeSource.Payroll], result.Corroborated);
        Assert.Contains("pf-2026-10", result.Evidence);
        Assert.Contains("pay-2025-11", result.Evidence);
    }

    [Fact]
    public void Reconcile_SourcesDisagree_TakesTheLowerAndItsEvidenceOnly()
    {
        var result = IncomeReconciler.Reconcile(18_000m, Estimates(Salaried(18_000m, 9_000m)), Policy);

        Assert.Equal(9_000m, result.VerifiedMonthlyIncome);
        Assert.Equal(0.50m, result.Confidence);
        Assert.Equal([IncomeSource.Payroll], result.Used);
        Assert.DoesNotContain(result.Evidence, e => e.StartsWith("pf-", StringComparison.Ordinal));
        Assert.Equal(100m, result.DiscrepancyPct);
        Assert.True(result.NeedsDocuments);
    }

    [Fact]
    public void Reconcile_SalaryPlusBusiness_AddsFamiliesAndAllFourAgreeingIsFullConfidence()
    {
        var view = Salaried() with
        {
            Declarations = [Decl(new(2026, 3), 180_000m), Decl(new(2026, 2), 180_000m)],
            Revenue = [Inv(AsOf, 62_000m), Inv(AsOf.AddMonths(-1), 58_000m)],
        };

        var result = IncomeReconciler.Reconcile(77_500m, Estimates(view), Policy);

        Assert.Equal(17_500m + 60_000m, result.VerifiedMonthlyIncome);
        Assert.Equal(1m, result.Confidence);
        Assert.Equal(0m, result.DiscrepancyPct);
        Assert.Equal(4, result.Corroborated.Count);
    }

    [Fact]
    public void Reconcile_OneSource_LowConfidence()
    {
        var result = IncomeReconciler.Reconcile(18_000m, [IncomeReconciler.ProvidentFund(Salaried(), AsOf, 12)], Policy);

        Assert.Equal(18_000m, result.VerifiedMonthlyIncome);
        Assert.Equal(0.35m, result.Confidence);
        Assert.Equal(4, result.Sources.Count);
    }

    [Fact]
    public void Reconcile_DeclaredFarAboveVerified_NeedsDocuments()
    {
        var result = IncomeReconciler.Reconcile(30_000m, Estimates(Salaried()), Policy);

        Assert.Equal(71.43m, result.DiscrepancyPct);
        Assert.True(result.NeedsDocuments);
    }

    [Fact]
    public void Reconcile_ThresholdComesFromThePolicy()
    {
        var lenient = Policy with { MaxDiscrepancyPct = 80m };

        Assert.False(IncomeReconciler.Reconcile(30_000m, Estimates(Salaried()), lenient).NeedsDocuments);
    }

    [Fact]
    public void Reconcile_NoData_NeedsDocumentsWithZeroConfidence()
    {
        var result = IncomeReconciler.Reconcile(18_000m, [], Policy);

        Assert.Null(result.VerifiedMonthlyIncome);
        Assert.Equal(0m, result.Confidence);
        Assert.Null(result.DiscrepancyPct);
        Assert.True(result.NeedsDocuments);
        Assert.Empty(result.Evidence);
    }

    private static SourceEstimate[] Estimates(ProfileView view) =>
    [
        IncomeReconciler.ProvidentFund(view, AsOf, 12),
        IncomeReconciler.Payroll(view, AsOf, 12),
        IncomeReconciler.TaxDeclarations(view, AsOf, 12),
        IncomeReconciler.Invoices(view, AsOf, 12),
    ];
}
