using LifeWindow.Domain.Offers;
using LifeWindow.Domain.CustomerTools;

namespace LifeWindow.Domain.Tests.CustomerTools;

/// <summary>The wealth health check (财富健康度测评): the scorecard's lines, its grade, its advice, and products only within the risk level.</summary>
public class WealthHealthTests
{
    private static readonly RuleCatalog Catalog = RuleCatalogLoader.LoadDefault();

    private static readonly WealthInputs Sound = new(
        MonthlyIncome: 30_000m, MonthlyExpenses: 12_000m, LiquidAssets: 100_000m, InvestedAssets: 300_000m, RiskyAssets: 60_000m,
        PropertyValue: 3_000_000m, MortgageBalance: 800_000m, OtherDebts: 0m, MonthlyDebtPayments: 8_000m, Appetite: RiskAppetite.Balanced);

    [Fact]
    public void Assess_SoundFinances_ScoresFullMarksAndOffersTheWealthProductsOfItsRiskLevel()
    {
        var report = WealthHealth.Assess(Sound, Catalog);

        Assert.Equal(100, report.Score);
        Assert.Equal("健康", report.Grade);
        Assert.All(report.Components, c => Assert.Equal(100, c.Score));
        Assert.Empty(report.Advice);
        Assert.NotEmpty(report.Products);
        Assert.All(report.Products, p => Assert.True(p.Kind == OfferKind.Wealth && p.RiskLevel <= 3, p.Id));
        Assert.DoesNotContain(report.Products, p => p.Id == "EquityFundPlan");
        Assert.Equal(report.Products.OrderBy(p => p.RiskLevel).ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Id), report.Products.Select(p => p.Id));
    }

    [Fact]
    public void Assess_StretchedFinances_ScoresEachPartOnItsLineAndAdvisesTheReserveAndTheDebtBeforeAnyProduct()
    {
        var stretched = new WealthInputs(
            MonthlyIncome: 20_000m, MonthlyExpenses: 10_000m, LiquidAssets: 20_000m, InvestedAssets: 50_000m, RiskyAssets: 30_000m,
            PropertyValue: 2_000_000m, MortgageBalance: 1_700_000m, OtherDebts: 50_000m, MonthlyDebtPayments: 11_000m, Appetite: RiskAppetite.Cautious);

        var report = WealthHealth.Assess(stretched, Catalog);
        var scores = report.Components.ToDictionary(c => c.Name, c => c.Score);

        Assert.Equal(30, scores["DebtService"]);        // 55%: between 40 at 50% and 0 at 70%
        Assert.Equal(33, scores["Liquidity"]);          // 2 months of 6
        Assert.Equal(23, scores["MortgageLeverage"]);   // 85%: between 30 at 80% and 0 at 100% (22.5, half away from zero)
        Assert.Equal(41, scores["NetWorth"]);           // 320,000 / 240,000 = 1.33 years: 20 + 80 × 1.33 / 5
        Assert.Equal(34, scores["RiskFit"]);            // 42.9% risky against C2's 10%: 100 − 2 × 32.9, rounded up
        Assert.Equal(31, report.Score);                 // 0.3·30 + 0.25·33 + 0.2·23 + 0.15·41 + 0.1·34 = 31.4
        Assert.Equal("需改善", report.Grade);
        Assert.Equal(4, report.Advice.Count);
        Assert.Empty(report.Products);
    }

    [Theory]
    [InlineData(RiskAppetite.Conservative, 1)]
    [InlineData(RiskAppetite.Growth, 4)]
    public void Assess_RiskLevel_BoundsTheProducts(RiskAppetite appetite, int highest)
    {
        var report = WealthHealth.Assess(Sound with { Appetite = appetite, RiskyAssets = 0m }, Catalog);

        Assert.Equal(highest, report.Products.Max(p => p.RiskLevel));
        Assert.All(report.Products, p => Assert.True(p.RiskLevel <= (int)appetite));
    }

    [Fact]
    public void Assess_RiskyAssetsBeyondTheInvested_AreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WealthHealth.Assess(Sound with { RiskyAssets = 400_000m }, Catalog));
}
