namespace LifeWindow.Domain.CustomerTools;

/// <summary>One school stage of an education reserve loan: a sum drawn at the start of each of its years.</summary>
public sealed record EducationStage(string Stage, int FromMonth, int Years, decimal YearlyAmount);

/// <summary>A draw: the month it is made at the start of (0 = at opening), the stage and the sum.</summary>
public sealed record EducationDraw(int Month, string Stage, decimal Amount);

/// <summary>What the staged loan costs: the draws, the interest while drawing, the repayment after, against drawing everything at opening.</summary>
public sealed record EducationLoanOutcome(
    decimal Limit,
    int TermMonths,
    IReadOnlyList<EducationDraw> Draws,
    decimal InterestWhileDrawing,
    RepaymentSchedule Repayment,
    RepaymentSchedule AllAtOnce)
{
    public decimal Drawn => Draws.Sum(d => d.Amount);

    /// <summary>The month (1-based) the repayment begins: the month after the last draw's.</summary>
    public int RepaymentFrom => TermMonths - Repayment.Terms.Months + 1;

    public decimal TotalInterest => InterestWhileDrawing + Repayment.TotalInterest;

    /// <summary>Interest saved by drawing stage by stage instead of taking the whole sum at opening and repaying it over the term.</summary>
    public decimal InterestSavedByStaging => AllAtOnce.TotalInterest - TotalInterest;
}

/// <summary>
/// 教育储备金贷款 with staged draws (seed 000: a 50万 line over 10 years, drawn year by year for a degree and a
/// master's): each stage draws its yearly sum at the start of each of its years; while drawing, only interest is paid
/// (on what has been drawn, monthly, to the fen); after the last draw, what was drawn is repaid in equal instalments over
/// the months left (<see cref="MortgageSimulator"/>'s conventions).
/// </summary>
public static class EducationReserveLoan
{
    public static EducationLoanOutcome Simulate(decimal limit, decimal annualRatePct, int termMonths, IReadOnlyList<EducationStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var draws = stages
            .SelectMany(s => Enumerable.Range(0, s.Years).Select(y => new EducationDraw(s.FromMonth + (12 * y), s.Stage, s.YearlyAmount)))
            .OrderBy(d => d.Month)
            .ToList();
        if (draws.Count == 0 || draws.Sum(d => d.Amount) > limit || draws[^1].Month >= termMonths - 1 || draws[0].Month < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(stages), "the stages must draw something, at most the limit, and end before the term's last month");
        }

        var rate = annualRatePct / 1200m;
        var lastDrawMonth = draws[^1].Month;
        var (balance, interest) = (0m, 0m);
        for (var month = 0; month <= lastDrawMonth; month++)
        {
            balance += draws.Where(d => d.Month == month).Sum(d => d.Amount);
            interest += MortgageSimulator.Fen(balance * rate);
        }

        var repayment = MortgageSimulator.Schedule(new MortgageTerms(balance, annualRatePct, termMonths - lastDrawMonth - 1, RepaymentMethod.EqualInstalment));
        var allAtOnce = MortgageSimulator.Schedule(new MortgageTerms(balance, annualRatePct, termMonths, RepaymentMethod.EqualInstalment));
        return new EducationLoanOutcome(limit, termMonths, draws, interest, repayment, allAtOnce);
    }
}
