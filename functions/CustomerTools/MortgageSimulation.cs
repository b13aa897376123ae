using System.Globalization;
using LifeWindow.Domain.CustomerTools;
using LifeWindow.Functions.Operations;

namespace LifeWindow.Functions.CustomerTools;

/// <summary>What a simulation asks: the mortgage, and optionally a prepayment (with a yield to compare it against) and a refinance.</summary>
internal sealed record MortgageSimulation(MortgageTerms Terms, PrepaymentAsk? Prepayment, RefinanceAsk? Refinance, bool IncludeSchedule)
{
    /// <summary>Reads the body field by field; every refused field is named in one 400 (<see cref="OperatorSubmission"/>).</summary>
    public static MortgageSimulation? Read(OperatorSubmission submission)
    {
        var fields = submission.Fields;
        var principal = fields.Decimal("principal", 0.01m, 100_000_000m, maxScale: 2);
        var rate = fields.Decimal("annualRatePct", 0m, 24m, maxScale: 4);
        var months = fields.Integer("months", 1, MortgageSimulator.MaxMonths);
        var method = fields.Enum<RepaymentMethod>("method");
        var prepayment = fields.Has("prepayment") && fields.Child("prepayment") is { } p
            ? new PrepaymentAsk(p.Integer("afterMonth", 0, MortgageSimulator.MaxMonths - 1), p.Decimal("amount", 0.01m, 100_000_000m, maxScale: 2), p.Enum<PrepaymentMode>("mode"), Optional(p, "investAnnualYieldPct", 50m, 4), Optional(p, "investMonthlyAmount", 100_000_000m, 2))
            : null;
        var refinance = fields.Has("refinance") && fields.Child("refinance") is { } r
            ? new RefinanceAsk(r.Integer("afterMonth", 0, MortgageSimulator.MaxMonths - 1), r.Decimal("newAnnualRatePct", 0m, 24m, maxScale: 4), r.Decimal("fees", 0m, 10_000_000m, maxScale: 2))
            : null;
        var include = submission.Body.TryGetProperty("includeSchedule", out var flag) && flag.ValueKind == JsonValueKind.True;
        if (principal is null || rate is null || months is null || method is null)
        {
            return null;
        }

        var terms = new MortgageTerms(principal.Value, rate.Value, months.Value, method.Value);
        CheckAgainst(terms, prepayment, refinance, fields);
        return new MortgageSimulation(terms, prepayment, refinance, include);
    }

    /// <summary>The answer: the schedule's figures (and its months when asked), what the prepayment and the refinance change.</summary>
    public object Answer()
    {
        var schedule = MortgageSimulator.Schedule(Terms);
        return new
        {
            schedule = new
            {
                Terms.Months,
                schedule.FirstPayment,
                schedule.LastPayment,
                schedule.TotalInterest,
                schedule.TotalPaid,
                payments = IncludeSchedule ? schedule.Payments : null,
            },
            prepayment = Prepayment is { } p ? PrepaymentAnswer(p) : null,
            refinance = Refinance is { } r ? RefinanceAnswer(r) : null,
        };
    }

    private object PrepaymentAnswer(PrepaymentAsk ask)
    {
        // The comparison prepays too: its prepayment is the one answered, not computed a second time.
        var invest = ask.InvestAnnualYieldPct is { } yield ? MortgageSimulator.Compare(Terms, ask.AfterMonth!.Value, ask.Amount!.Value, ask.Mode!.Value, yield, ask.InvestMonthlyAmount) : null;
        var outcome = invest?.Prepayment ?? MortgageSimulator.Prepay(Terms, ask.AfterMonth!.Value, ask.Amount!.Value, ask.Mode!.Value);
        return new
        {
            outcome.AfterMonth,
            outcome.Amount,
            mode = outcome.Mode.ToString(),
            balanceBefore = outcome.Before.BalanceAfter(outcome.AfterMonth),
            newMonths = outcome.After.Terms.Months,
            newFirstPayment = outcome.After.FirstPayment,
            outcome.PaymentChange,
            outcome.MonthsSaved,
            outcome.InterestSaved,
            invest = invest is null ? null : new { invest.AnnualYieldPct, monthlyAmount = invest.MonthlyPart, invest.Months, invest.InvestmentGain, invest.BreakEvenYieldPct, invest.PrepayIsBetter },
        };
    }

    private object RefinanceAnswer(RefinanceAsk ask)
    {
        var outcome = MortgageSimulator.Refinance(Terms, ask.AfterMonth!.Value, ask.NewAnnualRatePct!.Value, ask.Fees!.Value);
        return new
        {
            outcome.AfterMonth,
            balance = outcome.Refinanced.Terms.Principal,
            months = outcome.Refinanced.Terms.Months,
            currentPayment = outcome.Current.Payments[outcome.AfterMonth].Payment,
            newFirstPayment = outcome.Refinanced.FirstPayment,
            outcome.InterestSaved,
            outcome.Fees,
            outcome.NetSaving,
            outcome.BreakEvenMonth,
        };
    }

    private static decimal? Optional(JsonFields fields, string name, decimal max, int maxScale) =>
        fields.Has(name) ? fields.Decimal(name, 0m, max, maxScale) : null;

    /// <summary>The checks across fields: a month within the term, and a prepayment less than what is owed then.</summary>
    private static void CheckAgainst(MortgageTerms terms, PrepaymentAsk? prepayment, RefinanceAsk? refinance, JsonFields fields)
    {
        if (prepayment is { AfterMonth: { } month, Amount: { } amount })
        {
            if (month >= terms.Months)
            {
                fields.Error("prepayment.afterMonth", $"must be less than months ({terms.Months})");
            }
            else if (MortgageSimulator.Schedule(terms).BalanceAfter(month) is var owed && amount >= owed)
            {
                fields.Error("prepayment.amount", string.Create(CultureInfo.InvariantCulture, $"must be less than the {owed:0.00} owed after month {month} (paying it all is not a prepayment)"));
            }
        }

        if (prepayment is { InvestMonthlyAmount: { } part } && (part <= 0m || prepayment.InvestAnnualYieldPct is null))
        {
            fields.Error("prepayment.investMonthlyAmount", "must be more than 0, with investAnnualYieldPct beside it");
        }

        if (refinance is { AfterMonth: { } after } && after >= terms.Months)
        {
            fields.Error("refinance.afterMonth", $"must be less than months ({terms.Months})");
        }
    }
}

internal sealed record PrepaymentAsk(int? AfterMonth, decimal? Amount, PrepaymentMode? Mode, decimal? InvestAnnualYieldPct, decimal? InvestMonthlyAmount);

internal sealed record RefinanceAsk(int? AfterMonth, decimal? NewAnnualRatePct, decimal? Fees);
