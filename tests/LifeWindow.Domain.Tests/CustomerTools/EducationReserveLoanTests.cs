using LifeWindow.Domain.CustomerTools;

namespace LifeWindow.Domain.Tests.CustomerTools;

/// <summary>The education reserve loan's staged draws (教育储备金贷款), on seed 000's 50万 line over 10 years.</summary>
public class EducationReserveLoanTests
{
    private static readonly EducationStage[] Degrees =
    [
        new("Undergraduate", 0, 4, 60_000m),
        new("Postgraduate", 48, 3, 50_000m),
    ];

    [Fact]
    public void Simulate_DegreeThenMasters_DrawsYearlyPaysInterestOnWhatIsDrawnThenRepaysTheRest()
    {
        var outcome = EducationReserveLoan.Simulate(500_000m, 3.6m, 120, Degrees);

        Assert.Equal([0, 12, 24, 36, 48, 60, 72], outcome.Draws.Select(d => d.Month));
        Assert.Equal(390_000m, outcome.Drawn);

        // Independently: interest each month on what had been drawn by its start, to the fen, through the last draw's month.
        var expected = 0m;
        for (var month = 0; month <= 72; month++)
        {
            var drawn = (60_000m * Math.Min((month / 12) + 1, 4)) + (month >= 48 ? 50_000m * Math.Min(((month - 48) / 12) + 1, 3) : 0m);
            expected += Math.Round(drawn * 0.003m, 2, MidpointRounding.AwayFromZero);
        }

        Assert.Equal(expected, outcome.InterestWhileDrawing);
        Assert.Equal(74, outcome.RepaymentFrom);
        Assert.Equal(new MortgageTerms(390_000m, 3.6m, 47, RepaymentMethod.EqualInstalment), outcome.Repayment.Terms);
        Assert.Equal(0.00m, outcome.Repayment.Payments[^1].Balance);
        Assert.Equal(outcome.InterestWhileDrawing + outcome.Repayment.TotalInterest, outcome.TotalInterest);
        Assert.Equal(MortgageSimulator.Schedule(new MortgageTerms(390_000m, 3.6m, 120, RepaymentMethod.EqualInstalment)).TotalInterest - outcome.TotalInterest, outcome.InterestSavedByStaging);
    }

    [Fact]
    public void Simulate_StagesOverTheLimitOrPastTheTerm_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EducationReserveLoan.Simulate(300_000m, 3.6m, 120, Degrees));
        Assert.Throws<ArgumentOutOfRangeException>(() => EducationReserveLoan.Simulate(500_000m, 3.6m, 72, Degrees));
        Assert.Throws<ArgumentOutOfRangeException>(() => EducationReserveLoan.Simulate(500_000m, 3.6m, 120, []));
    }
}
