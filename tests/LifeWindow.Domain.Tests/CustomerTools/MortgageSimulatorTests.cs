using LifeWindow.Domain.CustomerTools;

namespace LifeWindow.Domain.Tests.CustomerTools;

/// <summary>
/// The mortgage simulator against the figures Chinese banks publish for the standard example (100万, 30 years, 4.9%)
/// and against an independent implementation of the PMT and balance formulas written here in decimal arithmetic.
/// </summary>
public class MortgageSimulatorTests
{
    private static readonly MortgageTerms Standard = new(1_000_000m, 4.9m, 360, RepaymentMethod.EqualInstalment);

    [Fact]
    public void EqualInstalment_StandardExample_GivesThePublishedPayment()
    {
        var schedule = MortgageSimulator.Schedule(Standard);

        Assert.Equal(5307.27m, schedule.FirstPayment);
        Assert.Equal(new RepaymentMonth(1, 5307.27m, 1223.94m, 4083.33m, 998_776.06m), schedule.Payments[0]);
        Assert.Equal(360, schedule.Payments.Count);
        Assert.Equal(0.00m, schedule.Payments[^1].Balance);
    }

    [Fact]
    public void EqualPrincipal_StandardExample_GivesThePublishedFirstPaymentAndMonthlyDecrease()
    {
        var schedule = MortgageSimulator.Schedule(Standard with { Method = RepaymentMethod.EqualPrincipal });

        Assert.Equal(6861.11m, schedule.Payments[0].Payment);
        Assert.Equal(11.34m, schedule.Payments[0].Payment - schedule.Payments[1].Payment);
        // Published: P × r × (n + 1) / 2 = 737,041.67; the schedule rounds each month's interest to the fen.
        Assert.InRange(schedule.TotalInterest, 737_041.67m - 1m, 737_041.67m + 1m);
        Assert.Equal(0.00m, schedule.Payments[^1].Balance);
    }

    [Theory]
    [InlineData(1_000_000, 4.9, 360)]
    [InlineData(500_000, 3.1, 180)]
    [InlineData(300_000, 3.85, 120)]
    [InlineData(2_345_678.9, 2.85, 300)]
    [InlineData(80_000, 6.0, 12)]
    [InlineData(100_000, 0, 24)]
    public void EqualInstalment_MatchesAnIndependentPmtAndTheBalanceFormula(double principal, double ratePct, int months)
    {
        var terms = new MortgageTerms((decimal)principal, (decimal)ratePct, months, RepaymentMethod.EqualInstalment);
        var schedule = MortgageSimulator.Schedule(terms);
        var payment = Round(Pmt((decimal)principal, terms.MonthlyRate, months));

        Assert.Equal(payment, schedule.FirstPayment);
        var balance = terms.Principal;
        foreach (var row in schedule.Payments)
        {
            // The recurrence, to the fen: interest on what was owed, the rest of the payment to principal.
            Assert.Equal(Round(balance * terms.MonthlyRate), row.Interest);
            Assert.Equal(row.Month == months ? balance : payment - row.Interest, row.Principal);
            balance -= row.Principal;
            Assert.Equal(balance, row.Balance);

            // The closed-form balance after k payments of the rounded instalment: each month's interest is rounded by at
            // most half a fen, and each such error grows with the balance at the monthly rate, so the schedule stays
            // within 0.005 × ((1+r)^k − 1)/r of it (the last month pays what is left instead).
            if (row.Month < months)
            {
                var drift = Math.Abs(row.Balance - ClosedFormBalance(terms.Principal, terms.MonthlyRate, payment, row.Month));
                Assert.True(drift <= RoundingBound(terms.MonthlyRate, row.Month), $"month {row.Month}: {drift} from the closed form");
            }
        }

        Assert.Equal(0.00m, balance);
        Assert.Equal(schedule.TotalPaid - terms.Principal, schedule.TotalInterest);
    }

    [Fact]
    public void Prepay_SeedExampleLowerPayment_LowersThePaymentByAFifthAndSavesTheInterest()
    {
        // Seed 000: 50万 left over 15 years, 10万 prepaid. The seed's 月供3000 and "500 less" are illustrative; at 3.1%:
        var terms = new MortgageTerms(500_000m, 3.1m, 180, RepaymentMethod.EqualInstalment);
        var outcome = MortgageSimulator.Prepay(terms, 0, 100_000m, PrepaymentMode.LowerPayment);

        Assert.Equal(MortgageSimulator.Instalment(500_000m, 3.1m, 180), outcome.Before.FirstPayment);
        Assert.Equal(MortgageSimulator.Instalment(400_000m, 3.1m, 180), outcome.After.FirstPayment);
        Assert.Equal(outcome.After.FirstPayment - outcome.Before.FirstPayment, outcome.PaymentChange);
        Assert.InRange(outcome.PaymentChange, -0.2m * outcome.Before.FirstPayment - 0.01m, -0.2m * outcome.Before.FirstPayment + 0.01m);
        Assert.Equal(outcome.Before.TotalInterest - outcome.After.TotalInterest, outcome.InterestSaved);
        Assert.Equal(0, outcome.MonthsSaved);
    }

    [Theory]
    [InlineData(RepaymentMethod.EqualInstalment)]
    [InlineData(RepaymentMethod.EqualPrincipal)]
    public void Prepay_ShortenTerm_KeepsThePaymentAndSavesMonthsAndMoreInterestThanLoweringIt(RepaymentMethod method)
    {
        var terms = Standard with { Method = method };
        var shorter = MortgageSimulator.Prepay(terms, 60, 200_000m, PrepaymentMode.ShortenTerm);
        var lower = MortgageSimulator.Prepay(terms, 60, 200_000m, PrepaymentMode.LowerPayment);

        Assert.True(shorter.MonthsSaved > 0);
        Assert.True(shorter.After.FirstPayment <= shorter.Before.Payments[60].Payment);
        Assert.True(shorter.InterestSaved > lower.InterestSaved);
        Assert.Equal(shorter.Before.BalanceAfter(60) - 200_000m, shorter.After.Terms.Principal);
        Assert.Equal(0.00m, shorter.After.Payments[^1].Balance);
    }

    [Fact]
    public void Compare_InvestingTheAmount_GainsWhatCompoundingGivesAndBreaksEvenWhereTheSavingsDo()
    {
        var terms = new MortgageTerms(500_000m, 3.1m, 180, RepaymentMethod.EqualInstalment);
        var choice = MortgageSimulator.Compare(terms, 0, 100_000m, PrepaymentMode.LowerPayment, 4.5m);

        Assert.Equal(Round(100_000m * (Pow(1 + (4.5m / 1200m), 180) - 1)), choice.InvestmentGain);
        Assert.True(choice.InvestmentGain > choice.Prepayment.InterestSaved);
        Assert.False(choice.PrepayIsBetter);
        var atBreakEven = MortgageSimulator.Compare(terms, 0, 100_000m, PrepaymentMode.LowerPayment, choice.BreakEvenYieldPct);
        Assert.InRange(atBreakEven.InvestmentGain - choice.Prepayment.InterestSaved, -100m, 100m);
        Assert.True(MortgageSimulator.Compare(terms, 0, 100_000m, PrepaymentMode.LowerPayment, 1m).PrepayIsBetter);
    }

    /// <summary>Seed 000's second example: 20万 prepaid, or put into a fund 5,000 a month (定投), the rest waiting until its month.</summary>
    [Fact]
    public void Compare_MonthlyPlan_InvestsFortyPartsEachForTheMonthsLeftAfterIt()
    {
        var terms = Standard with { Months = 300 };
        var plan = MortgageSimulator.Compare(terms, 0, 200_000m, PrepaymentMode.ShortenTerm, 8m, monthlyPart: 5_000m);
        var lump = MortgageSimulator.Compare(terms, 0, 200_000m, PrepaymentMode.ShortenTerm, 8m);

        var expected = Enumerable.Range(0, 40).Sum(j => 5_000m * (Pow(1 + (8m / 1200m), 300 - j) - 1));
        Assert.InRange(plan.InvestmentGain - expected, -0.01m, 0.01m);
        Assert.True(plan.InvestmentGain < lump.InvestmentGain);
        Assert.Equal(5_000m, plan.MonthlyPart);
        Assert.Equal(lump.Prepayment.InterestSaved, plan.Prepayment.InterestSaved);
        Assert.True(plan.BreakEvenYieldPct > lump.BreakEvenYieldPct);
    }

    [Fact]
    public void Refinance_ToALowerRate_SavesInterestNetOfFeesAndBreaksEvenEarly()
    {
        var outcome = MortgageSimulator.Refinance(Standard, 36, 3.1m, 5_000m);

        Assert.Equal(324, outcome.Refinanced.Terms.Months);
        Assert.Equal(outcome.Current.BalanceAfter(36), outcome.Refinanced.Terms.Principal);
        Assert.True(outcome.Refinanced.FirstPayment < outcome.Current.Payments[36].Payment);
        Assert.Equal(outcome.InterestSaved - 5_000m, outcome.NetSaving);
        var monthly = outcome.Current.Payments[36].Payment - outcome.Refinanced.FirstPayment;
        Assert.Equal((int)Math.Ceiling(5_000m / monthly), outcome.BreakEvenMonth);
        Assert.Null(MortgageSimulator.Refinance(Standard, 36, 4.8m, 1_000_000m).BreakEvenMonth);
    }

    [Theory]
    [InlineData(0, 4.9, 360)]
    [InlineData(100_000, -1, 360)]
    [InlineData(100_000, 4.9, 0)]
    [InlineData(100_000, 4.9, 361)]
    public void Schedule_TermsOutOfRange_AreRefused(double principal, double ratePct, int months) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MortgageSimulator.Schedule(new MortgageTerms((decimal)principal, (decimal)ratePct, months, RepaymentMethod.EqualInstalment)));

    // An independent implementation: PMT = P·r·(1+r)^n / ((1+r)^n − 1), the balance after k payments of A is
    // P·(1+r)^k − A·((1+r)^k − 1)/r, all in decimal with an exact integer power.
    private static decimal Pmt(decimal principal, decimal rate, int months) =>
        rate == 0m ? principal / months : principal * rate * Pow(1 + rate, months) / (Pow(1 + rate, months) - 1);

    private static decimal ClosedFormBalance(decimal principal, decimal rate, decimal payment, int k) =>
        rate == 0m ? principal - (payment * k) : (principal * Pow(1 + rate, k)) - (payment * (Pow(1 + rate, k) - 1) / rate);

    private static decimal RoundingBound(decimal rate, int k) =>
        rate == 0m ? 0.005m * k : 0.005m * (Pow(1 + rate, k) - 1) / rate;

    private static decimal Pow(decimal value, int power)
    {
        var result = 1m;
        for (var i = 0; i < power; i++)
        {
            result *= value;
        }

        return result;
    }

    private static decimal Round(decimal yuan) => Math.Round(yuan, 2, MidpointRounding.AwayFromZero);
}
