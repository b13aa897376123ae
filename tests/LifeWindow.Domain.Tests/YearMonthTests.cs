using System.Globalization;

namespace LifeWindow.Domain.Tests;

/// <summary>A month is read exactly as "yyyy-MM", as a date parser with that format reads it (the oracle).</summary>
public class YearMonthTests
{
    [Theory]
    [InlineData("2026-10", 2026, 10)]
    [InlineData("0001-01", 1, 1)]
    [InlineData("9999-12", 9999, 12)]
    public void TryParse_AMonth_ReadsIt(string text, int year, int month)
    {
        Assert.True(YearMonth.TryParse(text, out var value));
        Assert.Equal(new YearMonth(year, month), value);
        Assert.Equal(text, value.ToString());
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("2026-00")]
    [InlineData("0000-01")]
    [InlineData("2026-1")]
    [InlineData("2026/10")]
    [InlineData(" 2026-10")]
    [InlineData("2026-10 ")]
    [InlineData("+026-10")]
    [InlineData("２０２６-10")]
    [InlineData("2026-+1")]
    [InlineData("2026-10-01")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_NotExactlyAMonth_IsRefused(string? text) =>
        Assert.False(YearMonth.TryParse(text, out _));

    [Fact]
    public void TryParse_AgreesWithTheDateParser_OnEverySevenCharacterMix()
    {
        var random = new Random(20261207);
        const string alphabet = "0123456789-+ /１";
        for (var n = 0; n < 20_000; n++)
        {
            var text = new string([.. Enumerable.Range(0, 7).Select(i => i == 4 && random.Next(4) > 0 ? '-' : alphabet[random.Next(i == 4 ? alphabet.Length : 10 + (random.Next(8) == 0 ? 5 : 0))])]);
            var expected = DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
            Assert.True(expected == YearMonth.TryParse(text, out _), text);
        }
    }
}
