using LifeWindow.Domain.Identity;

namespace LifeWindow.Domain.Tests;

public class IdentityTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    public static string ValidId(string first17) => first17 + ResidentIdNumber.CheckCharacter(first17);

    [Theory]
    [InlineData("11010519491231002", 'X')] // GB 11643 worked example: check character X
    [InlineData("44052418800101001", '4')]
    public void CheckCharacter_KnownNumbers_MatchesStandard(string first17, char expected) =>
        Assert.Equal(expected, ResidentIdNumber.CheckCharacter(first17));

    [Fact]
    public void TryParse_ValidNumber_DerivesBirthDateGenderRegionAndAge()
    {
        Assert.True(ResidentIdNumber.TryParse("11010519491231002x", Today, out var id, out var error), error);
        Assert.Equal("11010519491231002X", id!.Value);
        Assert.Equal(new DateOnly(1949, 12, 31), id.BirthDate);
        Assert.Equal(Gender.Female, id.Gender);
        Assert.Equal("110105", id.RegionCode);
        Assert.Equal(76, id.AgeOn(Today));
        Assert.DoesNotContain("19491231", id.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("110105194912310021", "check character")]
    [InlineData("11010519491231002", "18 characters")]
    [InlineData("1101051949123100AX", "digits")]
    [InlineData("110105194913310020", "birth date")]
    [InlineData("110105203001010010", "birth date")]
    [InlineData("", "required")]
    public void TryParse_InvalidNumber_SaysWhichRuleBroke(string input, string expectedReason)
    {
        Assert.False(ResidentIdNumber.TryParse(input, Today, out var id, out var error));
        Assert.Null(id);
        Assert.Contains(expectedReason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_EveryWrongCheckCharacter_IsRejected()
    {
        const string first17 = "31010419880512003";
        var right = ResidentIdNumber.CheckCharacter(first17);
        foreach (var c in "0123456789X".Where(c => c != right))
        {
            Assert.False(ResidentIdNumber.TryParse(first17 + c, Today, out _, out _), $"{c} should not pass");
        }

        Assert.True(ResidentIdNumber.TryParse(first17 + right, Today, out _, out _));
    }

    [Theory]
    [InlineData("91350100M000100Y43")] // a published example USCC
    [InlineData("91110000100006485K")]
    public void Uscc_PublishedCodes_Validate(string code)
    {
        Assert.True(UnifiedSocialCreditCode.TryValidate(code, out var normalized, out var error), error);
        Assert.Equal(code, normalized);
    }

    [Theory]
    [InlineData("91350100M000100Y44", "check character")]
    [InlineData("91350100M000100Y4", "18 characters")]
    [InlineData("91350100I000100Y43", "not allowed")]
    public void Uscc_InvalidCodes_AreRejectedWithReason(string code, string reason)
    {
        Assert.False(UnifiedSocialCreditCode.TryValidate(code, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(23, "18-24")]
    [InlineData(35, "31-40")]
    [InlineData(65, "65+")]
    public void AgeBand_FromAge_UsesBands(int age, string band) => Assert.Equal(band, AgeBand.FromAge(age));
}
