using System.Text.Json;

namespace LifeWindow.Domain.Tests;

public class ConditionEvaluatorTests
{
    private static readonly DateOnly Since = new(2026, 11, 1);
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly Dictionary<string, decimal> Thresholds = new(StringComparer.Ordinal) { ["minGrowth"] = 20m };

    private static readonly TagSet Customer = new(Now,
    [
        Tag.Of(TagNames.IncomeGrowthPct, 20m, Since, ["ev-growth"]),
        Tag.Of(TagNames.MortgageReleased, true, Since, ["ev-release"]),
        Tag.Of(TagNames.AgeBand, "65+", Since, ["ev-id"]),
        Tag.OfSet(TagNames.Scenes, ["Dining", "Travel"], Since, ["ev-scenes"]),
    ]);

    private static Condition Parse(string json) => JsonSerializer.Deserialize<Condition>(json)!;

    private static bool Holds(string json) => ConditionEvaluator.Holds(Parse(json), Customer, Thresholds);

    [Theory]
    [InlineData("""{ "tag": "IncomeGrowthPct", "gte": 20 }""", true)]
    [InlineData("""{ "tag": "IncomeGrowthPct", "gt": 20 }""", false)]
    [InlineData("""{ "tag": "IncomeGrowthPct", "lte": 20 }""", true)]
    [InlineData("""{ "tag": "IncomeGrowthPct", "lt": 20 }""", false)]
    [InlineData("""{ "tag": "IncomeGrowthPct", "eq": 20.00 }""", true)]
    [InlineData("""{ "tag": "IncomeGrowthPct", "gte": "$minGrowth" }""", true)]
    [InlineData("""{ "tag": "MortgageReleased", "eq": true }""", true)]
    [InlineData("""{ "tag": "MortgageReleased", "eq": false }""", false)]
    [InlineData("""{ "tag": "AgeBand", "eq": "65+" }""", true)]
    [InlineData("""{ "tag": "AgeBand", "in": [ "51-64", "65+" ] }""", true)]
    [InlineData("""{ "tag": "AgeBand", "in": [ "51-64" ] }""", false)]
    [InlineData("""{ "tag": "Scenes", "contains": "Travel" }""", true)]
    [InlineData("""{ "tag": "Scenes", "contains": "Trav" }""", false)]
    [InlineData("""{ "all": [ { "tag": "AgeBand", "eq": "65+" }, { "tag": "IncomeGrowthPct", "gt": 20 } ] }""", false)]
    [InlineData("""{ "any": [ { "tag": "AgeBand", "eq": "18-24" }, { "tag": "IncomeGrowthPct", "gte": 20 } ] }""", true)]
    [InlineData("""{ "not": { "tag": "AgeBand", "eq": "65+" } }""", false)]
    public void Holds_Leaf_ComparesByOp(string json, bool expected) => Assert.Equal(expected, Holds(json));

    [Fact]
    public void Holds_AbsentTag_LeafIsFalseAndItsNotIsTrue()
    {
        Assert.False(Holds("""{ "tag": "CurrentDaysPastDue", "gt": 0 }"""));
        Assert.False(Holds("""{ "tag": "CurrentDaysPastDue", "lte": 0 }"""));
        Assert.True(Holds("""{ "not": { "tag": "CurrentDaysPastDue", "gt": 0 } }"""));
    }

    [Fact]
    public void Holds_AnyWithOneTrueBranch_CitesOnlyThatBranch()
    {
        var condition = Parse("""{ "any": [ { "tag": "AgeBand", "eq": "18-24" }, { "tag": "Scenes", "contains": "Travel" }, { "tag": "MortgageReleased", "eq": true } ] }""");

        Assert.True(ConditionEvaluator.Holds(condition, Customer, Thresholds, out var held));

        Assert.Equal([TagNames.Scenes, TagNames.MortgageReleased], held.Select(t => t.Name));
    }

    [Fact]
    public void Holds_AllWithAFalseChild_CitesNothing()
    {
        var condition = Parse("""{ "any": [ { "all": [ { "tag": "AgeBand", "eq": "65+" }, { "tag": "IncomeGrowthPct", "gt": 50 } ] }, { "tag": "MortgageReleased", "eq": true } ] }""");

        Assert.True(ConditionEvaluator.Holds(condition, Customer, Thresholds, out var held));

        Assert.Equal([TagNames.MortgageReleased], held.Select(t => t.Name));
    }

    [Fact]
    public void Holds_UnderNot_CitesNothing()
    {
        var condition = Parse("""{ "all": [ { "tag": "AgeBand", "eq": "65+" }, { "not": { "tag": "MortgageReleased", "eq": false } } ] }""");

        Assert.True(ConditionEvaluator.Holds(condition, Customer, Thresholds, out var held));

        Assert.Equal([TagNames.AgeBand], held.Select(t => t.Name));
    }

    [Fact]
    public void Serialize_Condition_RoundTrips()
    {
        var json = """{"all":[{"tag":"IncomeGrowthPct","gte":"$minGrowth"},{"not":{"tag":"Scenes","contains":"Travel"}},{"any":[{"tag":"MortgageReleased","eq":true},{"tag":"AgeBand","in":["18-24"]},{"tag":"Aum","lt":50000.5}]}]}""";

        Assert.Equal(json, JsonSerializer.Serialize(Parse(json)));
    }
}
