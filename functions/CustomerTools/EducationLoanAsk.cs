using System.Globalization;
using LifeWindow.Domain.CustomerTools;
using LifeWindow.Functions.Operations;

namespace LifeWindow.Functions.CustomerTools;

/// <summary>An education reserve loan asked about: the line, the rate, the term and the school stages that draw on it.</summary>
internal sealed record EducationLoanAsk(decimal Limit, decimal AnnualRatePct, int TermMonths, IReadOnlyList<EducationStage> Stages)
{
    public const int MaxStages = 8;

    public static EducationLoanAsk? Read(OperatorSubmission submission)
    {
        var fields = submission.Fields;
        var limit = fields.Decimal("limit", 1m, 100_000_000m, maxScale: 2);
        var rate = fields.Decimal("annualRatePct", 0m, 24m, maxScale: 4);
        var term = fields.Integer("termMonths", 2, MortgageSimulator.MaxMonths);
        var stages = ReadStages(submission);
        if (limit is null || rate is null || term is null || stages is null)
        {
            return null;
        }

        var drawn = stages.Sum(s => s.Years * s.YearlyAmount);
        var lastDraw = stages.Max(s => s.FromMonth + (12 * (s.Years - 1)));
        if (drawn > limit)
        {
            fields.Error("stages", string.Create(CultureInfo.InvariantCulture, $"draw {drawn:0.00} in all, more than the limit of {limit:0.00}"));
        }

        if (lastDraw >= term - 1)
        {
            fields.Error("stages", $"draw until month {lastDraw}; the term's last month is {term - 1}, and repayment needs a month after the last draw");
        }

        return new EducationLoanAsk(limit.Value, rate.Value, term.Value, stages);
    }

    public object Answer()
    {
        var outcome = EducationReserveLoan.Simulate(Limit, AnnualRatePct, TermMonths, Stages);
        return new
        {
            outcome.Limit,
            outcome.Drawn,
            draws = outcome.Draws,
            outcome.InterestWhileDrawing,
            outcome.RepaymentFrom,
            repaymentMonths = outcome.Repayment.Terms.Months,
            monthlyRepayment = outcome.Repayment.FirstPayment,
            outcome.TotalInterest,
            allAtOnceInterest = outcome.AllAtOnce.TotalInterest,
            outcome.InterestSavedByStaging,
        };
    }

    /// <summary>The stages, each read field by field under its index ("body.stages[1].years"); null when any is refused.</summary>
    private static List<EducationStage>? ReadStages(OperatorSubmission submission)
    {
        if (!submission.Body.TryGetProperty("stages", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() is 0 or > MaxStages)
        {
            submission.Fields.Error("stages", $"must be a list of 1 to {MaxStages} school stages");
            return null;
        }

        var stages = new List<EducationStage>();
        foreach (var (item, index) in list.EnumerateArray().Select((item, index) => (item, index)))
        {
            if (JsonFields.Object(item, string.Create(CultureInfo.InvariantCulture, $"body.stages[{index}]"), submission.Errors) is not { } stage)
            {
                continue;
            }

            var name = stage.String("stage", 64);
            var from = stage.Integer("fromMonth", 0, MortgageSimulator.MaxMonths - 2);
            var years = stage.Integer("years", 1, 10);
            var yearly = stage.Decimal("yearlyAmount", 1m, 10_000_000m, maxScale: 2);
            if (name is not null && from is not null && years is not null && yearly is not null)
            {
                stages.Add(new EducationStage(name, from.Value, years.Value, yearly.Value));
            }
        }

        return submission.Valid && stages.Count == list.GetArrayLength() ? stages : null;
    }
}
