using LifeWindow.Domain.Demand;

namespace LifeWindow.Domain.Tests.Demand;

public class DemandFeatureSetTests
{
    private static readonly RuleCatalog Catalog = RuleCatalogLoader.LoadDefault();
    private static readonly DateOnly Day = new(2026, 10, 1);

    [Fact]
    public void For_SameCatalogTwice_SameNamesAndHash()
    {
        var a = DemandFeatureSet.For(Catalog);
        var b = DemandFeatureSet.For(RuleCatalogLoader.LoadDefault());

        Assert.Equal(a.Names, b.Names);
        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal(a.Names.Count, a.Names.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("Aum", a.Names);
        Assert.Contains("Aum.known", a.Names);
        Assert.Contains("AgeBand=31-40", a.Names);
        Assert.Contains("Rule=IncomeUpgrade", a.Names);
        Assert.DoesNotContain("Rule=IncomeRisk", a.Names);
    }

    [Fact]
    public void Vector_NumbersFlagsOneHotAndRule_InTheirSlots()
    {
        var features = DemandFeatureSet.For(Catalog);
        var tags = new TagSet(DateTimeOffset.UnixEpoch, [Tag.Of(TagNames.Aum, 123_456.78m, Day), Tag.Of(TagNames.PublicSector, true, Day), Tag.Of(TagNames.AgeBand, "31-40", Day), Tag.OfSet(TagNames.Scenes, ["Dining", "Travel"], Day)]);

        var vector = features.Vector(tags, "HomeEquity");
        float At(string name) => vector[features.Names.ToList().IndexOf(name)];

        Assert.Equal(123_456.78f, At("Aum"));
        Assert.Equal(1f, At("Aum.known"));
        Assert.Equal(0f, At("Dti.known"));
        Assert.Equal(1f, At("PublicSector"));
        Assert.Equal(1f, At("AgeBand=31-40"));
        Assert.Equal(0f, At("AgeBand=41-50"));
        Assert.Equal(1f, At("Scenes=Travel"));
        Assert.Equal(0f, At("Scenes=Medical"));
        Assert.Equal(1f, At("Rule=HomeEquity"));
        Assert.Equal(1f, vector.Where((_, i) => features.Names[i].StartsWith("Rule=", StringComparison.Ordinal)).Sum());
    }

    [Fact]
    public void Mismatch_AFeatureDroppedAndOneAdded_NamesBoth()
    {
        var features = DemandFeatureSet.For(Catalog);
        var model = features.Names.Where(n => n != "Dti").Append("ShoeSize").ToList();

        var problem = features.Mismatch(model);

        Assert.NotNull(problem);
        Assert.Contains("not computed here: [ShoeSize]", problem, StringComparison.Ordinal);
        Assert.Contains("not known to the model: [Dti]", problem, StringComparison.Ordinal);
        Assert.Null(features.Mismatch(features.Names));
    }

    [Fact]
    public void Mismatch_SameFeaturesReordered_SaysSo()
    {
        var features = DemandFeatureSet.For(Catalog);

        Assert.Contains("different order", features.Mismatch([.. features.Names.Reverse()]), StringComparison.Ordinal);
    }
}
