using LifeWindow.Domain.CustomerTools;

namespace LifeWindow.Domain.Tests.CustomerTools;

/// <summary>The reverse-mortgage payout estimate (以房养老) against seed 000's example and an independent month-by-month accrual.</summary>
public class ReverseMortgageTests
{
    /// <summary>Seed 000: a 65-year-old's home worth 300万 pays 5,000 a month for 20 years (here at 4%, the home gaining 1.5% a year).</summary>
    private static readonly ReverseMortgageTerms Seed = new(3_000_000m, 65, 20, 4.0m, AppreciationPct: 1.5m);

    [Fact]
    public void Estimate_SeedExample_The5000AMonthFitsUnderTheCapAndTheMostIsTheCapOverTheAccrual()
    {
        var asked = ReverseMortgage.Estimate(Seed, 5_000m);
        var most = ReverseMortgage.Estimate(Seed);

        Assert.Equal(50m, Seed.EffectiveLoanToValuePct);
        var projected = Math.Round(3_000_000m * Pow(1.015m, 20), 2, MidpointRounding.AwayFromZero);
        Assert.Equal(projected, asked.ProjectedValue);
        Assert.Equal(Math.Round(projected / 2m, 2, MidpointRounding.AwayFromZero), asked.DebtCap);
        Assert.Equal(1_200_000m, asked.TotalPaidOut);
        Assert.Equal(Accrue(5_000m, 4.0m / 1200m, 240), asked.DebtAtEnd);
        Assert.True(asked.WithinCap);
        Assert.Equal(asked.DebtAtEnd - 1_200_000m, asked.InterestAccrued);
        Assert.Equal(projected - asked.DebtAtEnd, asked.EquityLeft);

        // The most a month: the largest payout (to the fen) whose accrued debt stays within the cap.
        Assert.True(Accrue(most.MaxMonthlyPayout, 4.0m / 1200m, 240) <= most.DebtCap);
        Assert.True(Accrue(most.MaxMonthlyPayout + 0.01m, 4.0m / 1200m, 240) > most.DebtCap);

        // Without the home gaining value, 5,000 a month runs past half of it.
        Assert.False(ReverseMortgage.Estimate(Seed with { AppreciationPct = 0m }, 5_000m).WithinCap);
    }

    [Fact]
    public void Estimate_AppreciationAndAge_RaiseTheCap()
    {
        var flat = ReverseMortgage.Estimate(Seed with { AppreciationPct = 0m });
        var rising = ReverseMortgage.Estimate(Seed with { AppreciationPct = 2m });
        var older = ReverseMortgage.Estimate(Seed with { AppreciationPct = 0m, Age = 76 });

        Assert.Equal(Math.Round(3_000_000m * Pow(1.02m, 20), 2, MidpointRounding.AwayFromZero), rising.ProjectedValue);
        Assert.True(rising.MaxMonthlyPayout > flat.MaxMonthlyPayout);
        Assert.Equal(60m, older.Terms.EffectiveLoanToValuePct);
        Assert.True(older.MaxMonthlyPayout > flat.MaxMonthlyPayout);
        Assert.False(ReverseMortgage.Estimate(Seed, 7_000m).WithinCap);
        Assert.Equal(80m, ReverseMortgage.Estimate(Seed with { LoanToValuePct = 80m }).Terms.EffectiveLoanToValuePct);
    }

    [Theory]
    [InlineData(0, 65, 20)]
    [InlineData(3_000_000, 50, 20)]
    [InlineData(3_000_000, 65, 31)]
    public void Estimate_TermsOutOfRange_AreRefused(double value, int age, int years) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReverseMortgage.Estimate(new ReverseMortgageTerms((decimal)value, age, years, 4m)));

    /// <summary>Independently: the debt month by month, each payout at the start of the month, interest at the end.</summary>
    private static decimal Accrue(decimal payout, decimal rate, int months)
    {
        var debt = 0m;
        for (var month = 0; month < months; month++)
        {
            debt = (debt + payout) * (1 + rate);
        }

        return Math.Round(debt, 2, MidpointRounding.AwayFromZero);
    }

    private static decimal Pow(decimal value, int power) => Enumerable.Repeat(value, power).Aggregate(1m, (a, b) => a * b);
}
