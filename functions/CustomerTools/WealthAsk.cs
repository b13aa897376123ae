using LifeWindow.Domain.CustomerTools;
using LifeWindow.Domain.Feeds.Bank;
using LifeWindow.Functions.Operations;

namespace LifeWindow.Functions.CustomerTools;

/// <summary>The wealth health check's body, read field by field (yuan; the risk level as the assessment names it).</summary>
internal static class WealthAsk
{
    private const decimal Most = 10_000_000_000m;

    public static WealthInputs? Read(OperatorSubmission submission)
    {
        var fields = submission.Fields;
        var income = fields.Decimal("monthlyIncome", 0.01m, Most, maxScale: 2);
        var expenses = fields.Decimal("monthlyExpenses", 0.01m, Most, maxScale: 2);
        var liquid = fields.Decimal("liquidAssets", 0m, Most, maxScale: 2);
        var invested = fields.Decimal("investedAssets", 0m, Most, maxScale: 2);
        var risky = fields.Decimal("riskyAssets", 0m, Most, maxScale: 2);
        var property = fields.Decimal("propertyValue", 0m, Most, maxScale: 2);
        var mortgage = fields.Decimal("mortgageBalance", 0m, Most, maxScale: 2);
        var other = fields.Decimal("otherDebts", 0m, Most, maxScale: 2);
        var payments = fields.Decimal("monthlyDebtPayments", 0m, Most, maxScale: 2);
        var appetite = fields.Enum<RiskAppetite>("riskAppetite");
        if (risky > invested)
        {
            fields.Error("riskyAssets", "are part of the invested assets, so no more than them");
        }

        return income is null || expenses is null || liquid is null || invested is null || risky is null || property is null
            || mortgage is null || other is null || payments is null || appetite is null
            ? null
            : new WealthInputs(income.Value, expenses.Value, liquid.Value, invested.Value, risky.Value, property.Value, mortgage.Value, other.Value, payments.Value, appetite.Value);
    }

    public static object Answer(WealthHealthReport report) => new
    {
        report.Score,
        report.Grade,
        components = report.Components,
        report.Advice,
        products = report.Products.Select(p => new { p.Id, p.Name, p.RiskLevel }),
    };
}
