using System.Text;

namespace LifeWindow.Domain.Tests;

public class RuleCatalogLoaderTests
{
    private const string Rule = """
        { "id": "R1", "category": "Marketing", "priority": 1, "windowDays": 30, "coolOffDays": 90,
          "thresholds": { "minGrowth": 20 },
          "when": { "all": [
            { "tag": "IncomeGrowthPct", "gte": "$minGrowth" },
            { "tag": "Intents", "contains": "RepaymentPressure" },
            { "not": { "tag": "FamilyStage", "eq": "Retired" } },
            { "any": [ { "tag": "MovedToPublicSector", "eq": true }, { "tag": "AumTier", "in": [ "Below10k" ] } ] }
          ] },
          "offers": ["O1"],
          "reason": "增长{{ IncomeGrowthPct }}%" }
        """;

    private const string Valid = """
        {
          "version": "t1",
          "anchorLookbackMonths": 24,
          "suppressMarketingWhen": { "tag": "CurrentDaysPastDue", "gt": 0 },
          "tags": {
            "incomeStableMonths": 12, "publicSectors": ["Government"],
            "aumTiers": [ { "name": "Below10k", "min": 0 }, { "name": "AtLeast10k", "min": 10000 } ],
            "payrollMonths": 3, "sceneMonths": 3, "intentDays": 90,
            "intents": { "RepaymentPressure": [ "月供压力大" ], "ChildUniversity": [ "高考" ] },
            "minMonthlyRevenue": 10000, "existingPrimeMinOnTimeMonths": 12, "highNetWorthMinAum": 1000000,
            "youngInclusiveAgeBands": [ "18-24" ], "retiredAgeBands": [ "65+" ], "familyStageMonths": 12,
            "targetAllocations": {
              "Conservative": { "deposits": 80, "wealthProducts": 20, "funds": 0, "bonds": 0, "insurance": 0 }
            }
          },
          "offers": [ { "id": "O1", "name": "测试", "kind": "Credit", "riskLevel": 1, "scriptTemplate": "{{ offer_name }}" } ],
          "rules": [ RULE ]
        }
        """;

    private static string ValidJson => Valid.Replace("RULE", Rule, StringComparison.Ordinal);

    private static RuleCatalog Load(string json) => RuleCatalogLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test.json");

    [Fact]
    public void LoadDefault_ShippedCatalog_HasItsRules()
    {
        var catalog = RuleCatalogLoader.LoadDefault();

        Assert.Equal("v1", catalog.Version);
        Assert.Equal(
            ["AbnormalFundFlow", "AssetUplift", "AssetWinBack", "BusinessOrUpgrade", "ComplaintFollowUp", "DebtSurge", "DecorationPreApproval", "EducationReserve",
             "HomeEquity", "IncomeDrop", "IncomeRisk", "IncomeUpgrade", "LumpSumInflow", "MicroBusinessLoan", "OverdueRisk", "Rebalance", "RefinanceRetention",
             "RepaymentStress", "RetirementWealth", "ReverseMortgage", "TravelConsumption"],
            catalog.Rules.Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.Equal(20m, catalog.Rule("IncomeUpgrade").Threshold("minIncomeGrowthPct"));
        Assert.Equal(["LimitUpgradeReview"], catalog.Rule("IncomeUpgrade").Offers);
        Assert.Equal(RuleCategory.Risk, catalog.Rule("IncomeRisk").Category);
    }

    [Fact]
    public void LoadDefault_ShippedCatalog_UsesEveryOffer()
    {
        var catalog = RuleCatalogLoader.LoadDefault();
        var used = catalog.Rules.SelectMany(r => r.Offers).ToHashSet(StringComparer.Ordinal);

        Assert.All(catalog.Offers, o => Assert.Contains(o.Id, used));
    }

    /// <summary>docs/offers.md: every offer has a value to rank by, no credit product reaches the 65+ band, and the reverse mortgage only it.</summary>
    [Fact]
    public void LoadDefault_ShippedOffers_HaveValuesAndAgeLimits()
    {
        var catalog = RuleCatalogLoader.LoadDefault();

        Assert.All(catalog.Offers, o => Assert.True(o.ExpectedValue > 0, $"{o.Id} has no expected value"));
        Assert.All(catalog.Offers.Where(o => o.Kind == LifeWindow.Domain.Offers.OfferKind.Credit), o => Assert.DoesNotContain("65+", o.AgeBands ?? ["65+"]));
        Assert.Equal(["65+"], catalog.Offer("ReverseMortgageConsultation").AgeBands);
        Assert.True(catalog.Offer("HomeEquityLoan").ExpectedValue > catalog.Offer("ConsumerInstallment").ExpectedValue);
    }

    [Fact]
    public void Load_ValidCatalog_ReadsTheConditionTree()
    {
        var rule = Load(ValidJson).Rule("R1");

        var all = Assert.IsType<AllCondition>(rule.When);
        Assert.Equal(4, all.Conditions.Count);
        Assert.Equal(new TagCondition("IncomeGrowthPct", ConditionOp.Gte, new Operand { Threshold = "minGrowth" }), all.Conditions[0]);
        Assert.IsType<NotCondition>(all.Conditions[2]);
        var any = Assert.IsType<AnyCondition>(all.Conditions[3]);
        Assert.Equal(["Below10k"], Assert.IsType<TagCondition>(any.Conditions[1]).Operand.List!);
    }

    [Theory]
    // Unknown or misshapen JSON
    [InlineData("\"priority\": 1,", "\"priority\": 1, \"colour\": \"red\",", "(rule 'R1'): The JSON property 'colour'")]
    [InlineData("\"gte\": \"$minGrowth\" }", "\"gte\": \"$minGrowth\", \"colour\": 1 }", "$.rules[0].when (rule 'R1'): Leaf on tag 'IncomeGrowthPct' needs exactly one operator")]
    [InlineData("{ \"tag\": \"IncomeGrowthPct\", \"gte\": \"$minGrowth\" }", "{ \"tag\": \"IncomeGrowthPct\" }", "needs exactly one operator")]
    [InlineData("{ \"tag\": \"IncomeGrowthPct\", \"gte\": \"$minGrowth\" }", "{ \"tag\": \"IncomeGrowthPct\", \"between\": 1 }", "'between'")]
    [InlineData("\"all\": [", "\"every\": [", "'every'")]
    [InlineData("\"category\": \"Marketing\"", "\"category\": \"Sales\"", "category")]
    [InlineData("\"kind\": \"Credit\"", "\"kind\": \"Lottery\"", "kind")]
    // Tags, ops and values
    [InlineData("\"tag\": \"IncomeGrowthPct\"", "\"tag\": \"IncomeGrowth\"", "rule 'R1' when: unknown tag 'IncomeGrowth'")]
    [InlineData("\"tag\": \"Intents\", \"contains\"", "\"tag\": \"Intents\", \"eq\"", "op 'eq' is not valid for Set tag 'Intents'")]
    [InlineData("\"tag\": \"IncomeGrowthPct\", \"gte\"", "\"tag\": \"IncomeGrowthPct\", \"contains\"", "op 'contains' is not valid for Number tag 'IncomeGrowthPct'")]
    [InlineData("\"MovedToPublicSector\", \"eq\": true", "\"MovedToPublicSector\", \"eq\": \"yes\"", "needs true or false")]
    [InlineData("\"eq\": \"Retired\"", "\"eq\": \"Teen\"", "value 'Teen' is not a value of tag 'FamilyStage'")]
    [InlineData("\"contains\": \"RepaymentPressure\"", "\"contains\": \"Gambling\"", "value 'Gambling' is not a value of tag 'Intents'")]
    [InlineData("\"in\": [ \"Below10k\" ]", "\"in\": [ \"Below10k\", \"Huge\" ]", "value 'Huge' is not a value of tag 'AumTier'")]
    [InlineData("\"in\": [ \"Below10k\" ]", "\"in\": [ ]", "non-empty list")]
    // Thresholds
    [InlineData("\"gte\": \"$minGrowth\"", "\"gte\": \"$maxGrowth\"", "rule 'R1' when: missing threshold 'maxGrowth'")]
    [InlineData("{ \"minGrowth\": 20 }", "{ \"minGrowth\": 20, \"spare\": 1 }", "rule 'R1' thresholds: threshold 'spare' is never used")]
    [InlineData("\"eq\": \"Retired\"", "\"eq\": \"$minGrowth\"", "cannot be compared with Text tag 'FamilyStage'")]
    [InlineData("\"gt\": 0 }", "\"gt\": \"$x\" }", "suppressMarketingWhen: threshold '$x' cannot be used here")]
    // Offers, numbers, reasons
    [InlineData("\"offers\": [\"O1\"]", "\"offers\": [\"O2\"]", "rule 'R1' offers names unknown offer 'O2'")]
    [InlineData("\"windowDays\": 30", "\"windowDays\": 0", "rule 'R1' windowDays must be > 0")]
    [InlineData("\"coolOffDays\": 90", "\"coolOffDays\": -1", "rule 'R1' coolOffDays must be >= 0")]
    [InlineData("\"windowDays\": 30,", "", "(rule 'R1'): JSON deserialization for type 'LifeWindow.Domain.Windows.RuleDefinition' was missing required properties including: 'windowDays'")]
    [InlineData("\"riskLevel\": 1", "\"riskLevel\": 6", "offer 'O1' riskLevel must be 1..5")]
    [InlineData("\"riskLevel\": 1", "\"riskLevel\": 1, \"expectedValue\": -5", "offer 'O1' expectedValue must not be negative")]
    [InlineData("\"riskLevel\": 1", "\"riskLevel\": 1, \"ageBands\": [ \"31-40\", \"60+\" ]", "offer 'O1' ageBands must name one or more of 18-24")]
    [InlineData("\"riskLevel\": 1", "\"riskLevel\": 1, \"ageBands\": [ ]", "offer 'O1' ageBands must name one or more")]
    [InlineData("\"anchorLookbackMonths\": 24", "\"anchorLookbackMonths\": -1", "anchorLookbackMonths")]
    [InlineData("增长{{ IncomeGrowthPct }}%", "增长{{ IncomeGrowthPct %", "rule 'R1' reason does not parse")]
    [InlineData("增长{{ IncomeGrowthPct }}%", "增长{{ Growth }}%", "rule 'R1' reason names unknown tag 'Growth'")]
    [InlineData("\"scriptTemplate\": \"{{ offer_name }}\"", "\"scriptTemplate\": \"{% if %}\"", "offer 'O1' scriptTemplate does not parse")]
    // Tag settings
    [InlineData("\"incomeStableMonths\": 12", "\"incomeStableMonths\": 0", "tags.incomeStableMonths must be positive")]
    [InlineData("{ \"name\": \"Below10k\", \"min\": 0 }", "{ \"name\": \"Below10k\", \"min\": 1 }", "tags.aumTiers must start with a tier whose min is 0")]
    [InlineData("\"AtLeast10k\", \"min\": 10000", "\"AtLeast10k\", \"min\": 0", "tags.aumTiers must ascend")]
    [InlineData("\"Conservative\": {", "\"Reckless\": {", "'Reckless' is not a risk appetite")]
    [InlineData("\"deposits\": 80", "\"deposits\": 70", "tags.targetAllocations.Conservative sums to 90, not 100")]
    [InlineData("\"ChildUniversity\": [ \"高考\" ]", "\"ChildUniversity\": [ ]", "tags.intents.ChildUniversity needs a non-empty list")]
    public void Load_BrokenCatalog_FailsNamingTheProblem(string find, string replace, string expected)
    {
        Assert.Contains(find, ValidJson, StringComparison.Ordinal);

        var ex = Assert.Throws<InvalidCatalogException>(() => Load(ValidJson.Replace(find, replace, StringComparison.Ordinal)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LimitReviewOnAMarketingRule_FailsNamingTheRule()
    {
        var json = ValidJson.Replace("\"offers\": [\"O1\"],", "\"offers\": [\"O1\"], \"limitReview\": \"Severe\",", StringComparison.Ordinal);

        var ex = Assert.Throws<InvalidCatalogException>(() => Load(json));

        Assert.Contains("rule 'R1' limitReview is for Risk rules only (category is Marketing)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LimitReviewOnARiskRule_ReadsTheSeverity()
    {
        var json = ValidJson.Replace("\"category\": \"Marketing\"", "\"category\": \"Risk\"", StringComparison.Ordinal)
            .Replace("\"offers\": [\"O1\"],", "\"offers\": [\"O1\"], \"limitReview\": \"Moderate\",", StringComparison.Ordinal);

        Assert.Equal(LimitReviewSeverity.Moderate, Load(json).Rule("R1").LimitReview);
        Assert.Null(Load(ValidJson).Rule("R1").LimitReview);
    }

    [Fact]
    public void Load_DuplicateRuleIds_FailsNamingTheRule()
    {
        var json = Valid.Replace("RULE", Rule + "," + Rule, StringComparison.Ordinal);

        var ex = Assert.Throws<InvalidCatalogException>(() => Load(json));

        Assert.Contains("duplicate rule id 'R1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NotJson_FailsSayingSo()
    {
        var ex = Assert.Throws<InvalidCatalogException>(() => Load("{ \"version\": "));

        Assert.Contains("test.json is not JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ValidCatalog_Loads() => Assert.Equal("t1", Load(ValidJson).Version);
}
