using System.Text;
using LifeWindow.Domain.Windows;

namespace LifeWindow.Domain.Tests;

public class RuleCatalogLoaderTests
{
    private const string Valid = """
        {
          "version": "t1",
          "tags": { "incomeStableMonths": 12, "publicSectors": ["Government"] },
          "offers": [ { "id": "O1", "name": "测试", "kind": "Credit", "riskLevel": 1, "scriptTemplate": "{{ offer_name }}" } ],
          "rules": [ { "id": "IncomeUpgrade", "priority": 1, "windowDays": 30, "coolOffDays": 90, "thresholds": { "minIncomeGrowthPct": 20 }, "offers": ["O1"] } ]
        }
        """;

    private static RuleCatalog Load(string json) => RuleCatalogLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test.json");

    [Fact]
    public void LoadDefault_ShippedCatalog_LoadsWithIncomeUpgrade()
    {
        var catalog = RuleCatalogLoader.LoadDefault();
        Assert.Equal("v1", catalog.Version);
        Assert.Equal(20m, catalog.Rule(IncomeUpgradeRule.RuleId).Threshold(IncomeUpgradeRule.MinIncomeGrowthPct));
    }

    [Fact]
    public void Load_ValidCatalog_Loads() => Assert.Equal("t1", Load(Valid).Version);

    [Theory]
    [InlineData("\"priority\": 1,", "\"priority\": 1, \"colour\": \"red\",", "colour")]
    [InlineData("{ \"minIncomeGrowthPct\": 20 }", "{ }", "missing threshold 'minIncomeGrowthPct'")]
    [InlineData("\"offers\": [\"O1\"]", "\"offers\": [\"O2\"]", "unknown offer 'O2'")]
    [InlineData("\"id\": \"IncomeUpgrade\"", "\"id\": \"NoSuchRule\"", "'NoSuchRule' has no implementation")]
    [InlineData("\"windowDays\": 30,", "", "windowDays")]
    [InlineData("\"kind\": \"Credit\"", "\"kind\": \"Lottery\"", "kind")]
    public void Load_BrokenCatalog_FailsNamingTheProblem(string find, string replace, string expected)
    {
        var ex = Assert.Throws<InvalidCatalogException>(() => Load(Valid.Replace(find, replace, StringComparison.Ordinal)));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
