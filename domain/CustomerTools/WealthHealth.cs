namespace LifeWindow.Domain.CustomerTools;

/// <summary>What the wealth health check (财富健康度测评) reads: the month's money, what is held and owed, and the risk assessment.</summary>
public sealed record WealthInputs(
    decimal MonthlyIncome,
    decimal MonthlyExpenses,
    decimal LiquidAssets,
    decimal InvestedAssets,
    decimal RiskyAssets,
    decimal PropertyValue,
    decimal MortgageBalance,
    decimal OtherDebts,
    decimal MonthlyDebtPayments,
    RiskAppetite Appetite);

/// <summary>One part of the score: its name, the measure it rests on, its score out of 100 and its weight.</summary>
public sealed record WealthComponent(string Name, decimal Measure, int Score, decimal Weight);

/// <summary>The check's answer: the score out of 100, its grade, its parts, what to do and the products that fit.</summary>
public sealed record WealthHealthReport(int Score, string Grade, IReadOnlyList<WealthComponent> Components, IReadOnlyList<string> Advice, IReadOnlyList<OfferDefinition> Products);

/// <summary>
/// 财富健康度测评: a transparent scorecard of five parts, each scored 0 to 100 by straight lines between published rules
/// of thumb, weighted into one score.
/// <list type="bullet">
/// <item>debt service (30%): monthly debt payments / income; 100 up to 30%, 40 at 50%, 0 at 70% (the 50% line is the
/// common ceiling for 月供收入比);</item>
/// <item>liquidity (25%): liquid assets / monthly expenses; 100 at six months' reserve, falling to 0 with none;</item>
/// <item>mortgage leverage (20%): mortgage / property value; 100 up to 50%, 30 at 80%, 0 at 100% (negative equity);</item>
/// <item>net worth (15%): (assets − debts) / a year's income; 100 at five years, 20 at none, 0 below;</item>
/// <item>risk fit (10%): the risky share of financial assets against the ceiling of the customer's risk level
/// (C1 0%, C2 10%, C3 30%, C4 50%, C5 70%); 100 within it, 2 points off per point over.</item>
/// </list>
/// Grades: 80 and above 健康, 60 to 79 亚健康, below 60 需改善. The products are the catalog's wealth offers at or
/// below the customer's risk level, lowest risk first; none when liquidity or debt service scores below 60 (first the
/// reserve and the debt).
/// </summary>
public static class WealthHealth
{
    public static WealthHealthReport Assess(WealthInputs inputs, RuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(catalog);
        if (inputs.MonthlyIncome <= 0m || inputs.MonthlyExpenses <= 0m || inputs.RiskyAssets > inputs.InvestedAssets)
        {
            throw new ArgumentOutOfRangeException(nameof(inputs), "income and expenses must be more than 0, and risky assets part of the invested ones");
        }

        var financial = inputs.LiquidAssets + inputs.InvestedAssets;
        var debtService = inputs.MonthlyDebtPayments / inputs.MonthlyIncome;
        var reserveMonths = inputs.LiquidAssets / inputs.MonthlyExpenses;
        var leverage = inputs.PropertyValue > 0m ? inputs.MortgageBalance / inputs.PropertyValue : inputs.MortgageBalance > 0m ? 1m : 0m;
        var netWorthYears = (financial + inputs.PropertyValue - inputs.MortgageBalance - inputs.OtherDebts) / (12m * inputs.MonthlyIncome);
        var riskyShare = financial > 0m ? inputs.RiskyAssets / financial : 0m;
        var ceiling = RiskyCeiling(inputs.Appetite);
        WealthComponent[] components =
        [
            new("DebtService", Round(debtService), Line(debtService, (0.3m, 100), (0.5m, 40), (0.7m, 0)), 0.30m),
            new("Liquidity", Round(reserveMonths), Line(reserveMonths, (0m, 0), (6m, 100)), 0.25m),
            new("MortgageLeverage", Round(leverage), Line(leverage, (0.5m, 100), (0.8m, 30), (1m, 0)), 0.20m),
            new("NetWorth", Round(netWorthYears), netWorthYears < 0m ? 0 : Line(netWorthYears, (0m, 20), (5m, 100)), 0.15m),
            new("RiskFit", Round(riskyShare), riskyShare <= ceiling ? 100 : Math.Max(0, 100 - (int)Math.Ceiling((riskyShare - ceiling) * 200m)), 0.10m),
        ];
        var score = (int)Math.Round(components.Sum(c => c.Score * c.Weight), MidpointRounding.AwayFromZero);
        var grade = score >= 80 ? "健康" : score >= 60 ? "亚健康" : "需改善";
        var firstThings = components[0].Score < 60 || components[1].Score < 60;
        var products = firstThings
            ? []
            : ProductsWithin(inputs.Appetite, catalog);
        return new WealthHealthReport(score, grade, components, Advise(components, inputs, ceiling), products);
    }

    /// <summary>The catalog's wealth offers at or below the risk level (product R1..R5 against customer C1..C5), lowest risk first.</summary>
    public static IReadOnlyList<OfferDefinition> ProductsWithin(RiskAppetite appetite, RuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return [.. catalog.Offers.Where(o => o.Kind == OfferKind.Wealth && o.RiskLevel <= (int)appetite).OrderBy(o => o.RiskLevel).ThenBy(o => o.Id, StringComparer.Ordinal)];
    }

    /// <summary>The highest share of financial assets in risky ones (funds, equities) for a risk level.</summary>
    public static decimal RiskyCeiling(RiskAppetite appetite) => appetite switch
    {
        RiskAppetite.Conservative => 0m,
        RiskAppetite.Cautious => 0.10m,
        RiskAppetite.Balanced => 0.30m,
        RiskAppetite.Growth => 0.50m,
        _ => 0.70m,
    };

    private static List<string> Advise(WealthComponent[] components, WealthInputs inputs, decimal ceiling)
    {
        var advice = new List<string>();
        if (components[1].Score < 100)
        {
            advice.Add(string.Create(CultureInfo.InvariantCulture, $"Liquidity: keep six months of expenses ({6m * inputs.MonthlyExpenses:0}) in demand deposits or money-market funds (活期/货币基金); now {components[1].Measure:0.0} months."));
        }

        if (components[0].Score < 100)
        {
            advice.Add(string.Create(CultureInfo.InvariantCulture, $"Debt service: payments take {components[0].Measure * 100m:0}% of income; take no new credit, and see whether refinancing (转贷降息) lowers the payment."));
        }

        if (components[2].Score < 100)
        {
            advice.Add(string.Create(CultureInfo.InvariantCulture, $"Mortgage leverage: the mortgage is {components[2].Measure * 100m:0}% of the home's value; prepaying lowers the risk (the mortgage simulator compares it with investing)."));
        }

        if (components[4].Score < 100)
        {
            advice.Add(string.Create(CultureInfo.InvariantCulture, $"Risk fit: {components[4].Measure * 100m:0}% of financial assets are risky, above the {ceiling * 100m:0}% of risk level C{(int)inputs.Appetite}; move the excess to lower-risk products."));
        }

        return advice;
    }

    /// <summary>The score on straight lines through the points (measure, score), flat beyond the first and the last.</summary>
    private static int Line(decimal measure, params (decimal At, int Score)[] points)
    {
        if (measure <= points[0].At)
        {
            return points[0].Score;
        }

        for (var i = 1; i < points.Length; i++)
        {
            if (measure <= points[i].At)
            {
                var (a, b) = (points[i - 1], points[i]);
                return (int)Math.Round(a.Score + ((b.Score - a.Score) * (measure - a.At) / (b.At - a.At)), MidpointRounding.AwayFromZero);
            }
        }

        return points[^1].Score;
    }

    private static decimal Round(decimal value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);
}
