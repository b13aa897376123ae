using LifeWindow.Domain.CustomerTools;
using LifeWindow.Functions.Operations;

namespace LifeWindow.Functions.CustomerTools;

/// <summary>A reverse-mortgage estimate asked about: the home, the owner, the terms, and optionally a payout to check.</summary>
internal sealed record ReverseMortgageAsk(ReverseMortgageTerms Terms, decimal? MonthlyPayout)
{
    public static ReverseMortgageAsk? Read(OperatorSubmission submission)
    {
        var fields = submission.Fields;
        var value = fields.Decimal("propertyValue", 1m, 1_000_000_000m, maxScale: 2);
        var age = fields.Integer("age", 55, 95);
        var years = fields.Integer("years", 1, 30);
        var rate = fields.Decimal("annualRatePct", 0m, 24m, maxScale: 4);
        var appreciation = fields.Has("appreciationPct") ? fields.Decimal("appreciationPct", -20m, 20m, maxScale: 4) : 0m;
        var share = fields.Has("loanToValuePct") ? fields.Decimal("loanToValuePct", 1m, 100m, maxScale: 2) : null;
        var payout = fields.Has("monthlyPayout") ? fields.Decimal("monthlyPayout", 1m, 10_000_000m, maxScale: 2) : null;
        return value is null || age is null || years is null || rate is null || appreciation is null
            ? null
            : new ReverseMortgageAsk(new ReverseMortgageTerms(value.Value, age.Value, years.Value, rate.Value, appreciation.Value, share), payout);
    }

    public object Answer()
    {
        var estimate = ReverseMortgage.Estimate(Terms, MonthlyPayout);
        return new
        {
            estimate.Terms.Months,
            loanToValuePct = estimate.Terms.EffectiveLoanToValuePct,
            estimate.ProjectedValue,
            estimate.DebtCap,
            estimate.MaxMonthlyPayout,
            estimate.MonthlyPayout,
            estimate.TotalPaidOut,
            estimate.InterestAccrued,
            estimate.DebtAtEnd,
            estimate.EquityLeft,
            estimate.WithinCap,
        };
    }
}
