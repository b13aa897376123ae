using LifeWindow.Domain.Claims;

namespace LifeWindow.Domain.Tests.Claims;

public class ClaimableGroupTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("CustomerGroup:Salaried", GroupDimension.CustomerGroup, "Salaried")]
    [InlineData("Employer:91350100M000100Y43", GroupDimension.Employer, "91350100M000100Y43")]
    [InlineData("AumTier:From50kTo100k", GroupDimension.AumTier, "From50kTo100k")]
    public void TryParse_GroupIds_RoundTrip(string id, GroupDimension dimension, string value)
    {
        Assert.True(ClaimableGroup.TryParse(id, out var group));
        Assert.Equal((dimension, value, id), (group.Dimension, group.Value, group.Id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Salaried")]
    [InlineData(":Salaried")]
    [InlineData("CustomerGroup:")]
    [InlineData("customergroup:Salaried")]
    [InlineData("7:Salaried")]
    [InlineData("Planet:Mars")]
    public void TryParse_NotAGroupId_Refused(string? id) => Assert.False(ClaimableGroup.TryParse(id, out _));

    [Fact]
    public void Of_Tags_GivesEveryDimensionTheCustomerHas()
    {
        var since = new DateOnly(2026, 1, 1);
        var tags = new TagSet(Now, [
            Tag.OfSet(TagNames.CustomerGroup, ["ExistingPrime", "Salaried"], since),
            Tag.Of(TagNames.AssetSegment, "MassAffluent", since),
            Tag.Of(TagNames.AumTier, "From50kTo100k", since),
            Tag.OfSet(TagNames.Scenes, ["Dining", "Travel"], since),
        ]);

        Assert.Equal(
            ["CustomerGroup:ExistingPrime", "CustomerGroup:Salaried", "AssetSegment:MassAffluent", "AumTier:From50kTo100k", "Employer:91350100M000100Y43", "Scene:Dining", "Scene:Travel"],
            ClaimableGroup.Of(tags, "91350100M000100Y43").Select(g => g.Id));
        Assert.Empty(ClaimableGroup.Of(new TagSet(Now, []), null));
    }

    [Fact]
    public void Route_SeveralClaimedGroups_TheOldestClaimWins_NoneClaimed_Null()
    {
        var groups = new[] { new ClaimableGroup(GroupDimension.CustomerGroup, "Salaried"), new ClaimableGroup(GroupDimension.Scene, "Travel") };
        var claims = new[]
        {
            new GroupClaim("Scene:Travel", "rm.chen", "rm.chen", Now.AddDays(-1)),
            new GroupClaim("CustomerGroup:Salaried", "rm.zhang", "rm.zhang", Now),
            new GroupClaim("CustomerGroup:BusinessOwner", "rm.li", "rm.li", Now.AddDays(-9)),
        };

        Assert.Equal("rm.chen", GroupClaim.Route(groups, claims)!.RmId);
        Assert.Equal("rm.zhang", GroupClaim.Route(groups[..1], claims)!.RmId);
        Assert.Null(GroupClaim.Route(groups, claims[2..]));
    }
}
