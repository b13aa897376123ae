namespace LifeWindow.Domain.CustomerTools;

/// <summary>A reverse mortgage (以房养老) asked about: the home's value, the owner's age, the years of payouts and the terms.</summary>
public sealed record ReverseMortgageTerms(decimal PropertyValue, int Age, int Years, decimal AnnualRatePct, decimal AppreciationPct = 0m, decimal? LoanToValuePct = null)
{
    public int Months => Years * 12;

    /// <summary>The share of the home's value at the end that the debt may reach: given, or the owner's age's (<see cref="ReverseMortgage.LoanToValueByAge"/>).</summary>
    public decimal EffectiveLoanToValuePct => LoanToValuePct ?? ReverseMortgage.LoanToValueByAge(Age);
}

/// <summary>What the home can pay: the most a month, and for a payout asked for, what the debt comes to.</summary>
public sealed record ReverseMortgageEstimate(
    ReverseMortgageTerms Terms,
    decimal ProjectedValue,
    decimal DebtCap,
    decimal MaxMonthlyPayout,
    decimal MonthlyPayout,
    decimal TotalPaidOut,
    decimal DebtAtEnd)
{
    public decimal InterestAccrued => DebtAtEnd - TotalPaidOut;

    public decimal EquityLeft => ProjectedValue - DebtAtEnd;

    public bool WithinCap => DebtAtEnd <= DebtCap;
}

/// <summary>
/// 以房养老 payout estimate: the home pays the owner a sum at the start of every month; each payout accrues interest
/// monthly (annual rate / 12) until the end of the term, when the debt may reach the loan-to-value share of the home's
/// projected value (today's value grown by the yearly appreciation). The most a month is the cap over the accrued value
/// of one yuan a month, Σ (1+r)^k for k = 1..n, rounded down to the fen.
/// </summary>
public static class ReverseMortgage
{
    /// <summary>
    /// The share of the projected value the debt may reach when none is given: older owners are paid against more of
    /// their home, as the payouts run for fewer years (an illustrative policy, not a regulator's table).
    /// </summary>
    public static decimal LoanToValueByAge(int age) => age switch
    {
        < 60 => 40m,
        < 65 => 45m,
        < 70 => 50m,
        < 75 => 55m,
        _ => 60m,
    };

    public static ReverseMortgageEstimate Estimate(ReverseMortgageTerms terms, decimal? monthlyPayout = null)
    {
        ArgumentNullException.ThrowIfNull(terms);
        Validate(terms);
        var projected = MortgageSimulator.Fen(terms.PropertyValue * Pow(1m + (terms.AppreciationPct / 100m), terms.Years));
        var cap = MortgageSimulator.Fen(projected * terms.EffectiveLoanToValuePct / 100m);
        var perYuan = AccruedPerYuanAMonth(terms.AnnualRatePct / 1200m, terms.Months);
        var max = Math.Floor(cap / perYuan * 100m) / 100m;
        var payout = monthlyPayout ?? max;
        return new ReverseMortgageEstimate(terms, projected, cap, max, payout, payout * terms.Months, MortgageSimulator.Fen(payout * perYuan));
    }

    /// <summary>What one yuan paid at the start of each of <paramref name="months"/> months owes at the end: Σ (1+r)^k, k = 1..n.</summary>
    private static decimal AccruedPerYuanAMonth(decimal rate, int months)
    {
        var total = 0m;
        var growth = 1m;
        for (var k = 1; k <= months; k++)
        {
            growth *= 1m + rate;
            total += growth;
        }

        return total;
    }

    private static void Validate(ReverseMortgageTerms terms)
    {
        if (terms.PropertyValue is <= 0m or > 1_000_000_000m)
        {
            throw new ArgumentOutOfRangeException(nameof(terms), "the property value must be more than 0 and at most 10亿");
        }

        if (terms.Age is < 55 or > 95 || terms.Years is < 1 or > 30)
        {
            throw new ArgumentOutOfRangeException(nameof(terms), "the owner must be 55 to 95 and the payouts last 1 to 30 years");
        }

        if (terms.AnnualRatePct is < 0m or > 24m || terms.AppreciationPct is < -20m or > 20m || terms.LoanToValuePct is <= 0m or > 100m)
        {
            throw new ArgumentOutOfRangeException(nameof(terms), "rate 0 to 24%, appreciation −20 to 20% a year, loan-to-value above 0 up to 100%");
        }
    }

    private static decimal Pow(decimal value, int power)
    {
        var result = 1m;
        for (var i = 0; i < power; i++)
        {
            result *= value;
        }

        return result;
    }

}
