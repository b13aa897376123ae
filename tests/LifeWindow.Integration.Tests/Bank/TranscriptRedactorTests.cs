using System.Text.RegularExpressions;

namespace LifeWindow.Integration.Tests.Bank;

public class TranscriptRedactorTests
{
    /// <summary>What must never survive: 11 number characters in a row, separators allowed between them.</summary>
    private static readonly Regex LongNumber = new("[0-9０-９〇零一幺二两三四五六七八九XxＸｘ](?:[ \u3000-]?[0-9０-９〇零一幺二两三四五六七八九XxＸｘ]){10,}");

    private static readonly string Id = TestData.IdNumber;

    [Theory]
    [InlineData("我的手机是13812345678谢谢", "我的手机是***********谢谢")]
    [InlineData("call me on +8613812345678.", "call me on +*************.")]
    [InlineData("号码 138 1234 5678 对", "号码 *** **** **** 对")]
    [InlineData("号码138-1234-5678。", "号码***-****-****。")]
    [InlineData("全角１３８１２３４５６７８", "全角***********")]
    [InlineData("一三八一二三四五六七八，好的", "***********，好的")]
    [InlineData("幺三八 幺二三四 五六七八", "*** **** ****")]
    [InlineData("身份证11010519491231002X结束", "身份证******************结束")]
    [InlineData("身份证11010519491231002x", "身份证******************")]
    [InlineData("卡号6228480012345678901", "卡号*******************")]
    [InlineData("客服已记为138XXXX5678", "客服已记为***********")]
    public void Redact_PhoneIdAndCardNumbers_AreMasked(string text, string expected) =>
        Assert.Equal(expected, TranscriptRedactor.Redact(text));

    [Theory]
    [InlineData("月供压力大,想问问能不能延期还款。")]
    [InlineData("贷款余额215万,利率3.85%,还有288期。")]
    [InlineData("2026-11-24 10:30 来电,尾号5678。")]
    [InlineData("验证码1234567890已发送")]
    [InlineData("I'd like to talk about my mortgage, thanks. Xbox, xx-large")]
    [InlineData("XXXXXXXXXXXXXXXX")]
    [InlineData("一二三四五六七八九十")]
    [InlineData("")]
    public void Redact_OrdinaryText_IsUntouched(string text) =>
        Assert.Equal(text, TranscriptRedactor.Redact(text));

    [Fact]
    public void Redact_TheCustomersOwnIdNumber_LeavesNoneOfItsDigitsInARow()
    {
        var redacted = TranscriptRedactor.Redact($"身份证号码是{Id},出生于1988年。");
        Assert.DoesNotContain(Id[..6], redacted, StringComparison.Ordinal);
        Assert.Equal($"身份证号码是{new string('*', 18)},出生于1988年。", redacted);
    }

    [Fact]
    public void Redact_AnyText_LeavesNoLongNumberAndKeepsLengthAndEverythingElse()
    {
        // Pieces that build numbers (digits of every script, X, separators) mixed with ordinary words.
        var piece = Gen.OneOf(
            Gen.Char["0123456789"].Select(c => c.ToString()),
            Gen.Char["０１２３４５６７８９〇零一幺二两三四五六七八九XxＸｘ"].Select(c => c.ToString()),
            Gen.OneOf(" ", "\u3000", "-", "--", ",", "。", "+86"),
            BankCases.Phones.Select(p => p.Text),
            BankCases.People.Select(p => p.RawId),
            BankCases.Words);
        piece.Array[0, 40].Select(parts => string.Concat(parts)).Sample(text =>
        {
            var redacted = TranscriptRedactor.Redact(text);

            Assert.Equal(text.Length, redacted.Length);
            Assert.DoesNotMatch(LongNumber.ToString(), StripLongXRuns(redacted));
            Assert.Equal(redacted, TranscriptRedactor.Redact(redacted));
            for (var i = 0; i < text.Length; i++)
            {
                // Only number characters ever change, and only into the mask.
                Assert.True(redacted[i] == text[i] || (redacted[i] == TranscriptRedactor.Mask && LongNumber.IsMatch(text[i].ToString() + new string('0', 10))), $"position {i} of '{text}'");
            }
        }, iter: 400, threads: 1);
    }

    [Fact]
    public void Redact_WordsWithoutNumbers_AreUntouched() =>
        BankCases.Words.Sample(text => Assert.Equal(text, TranscriptRedactor.Redact(text)), iter: 200, threads: 1);

    [Fact]
    public void Redact_ShortNumbersBetweenWords_AreUntouched() =>
        Gen.Select(BankCases.Words, Gen.Long[0, 9_999_999_999], BankCases.Words)
            .Select((before, number, after) => $"{before}。{number}元,{after}")
            .Sample(text => Assert.Equal(text, TranscriptRedactor.Redact(text)), iter: 200, threads: 1);

    /// <summary>Runs of X alone are no number (no digit), so they may stay; everything else must have gone.</summary>
    private static string StripLongXRuns(string text) => Regex.Replace(text, "[XxＸｘ]+", "_");
}
