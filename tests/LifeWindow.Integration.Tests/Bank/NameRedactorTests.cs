using LifeWindow.Domain.Windows;

namespace LifeWindow.Integration.Tests.Bank;

/// <summary>People's names leave call snippets and list reasons before they are kept; the words the catalog's intents read stay.</summary>
public class NameRedactorTests
{
    [Theory]
    [InlineData("客户:我是陈志强,最近月供压力大。坐席:好的陈先生,客户经理王丽会联系您。", new[] { "陈志强", "陈先生", "王丽会" })] // the tagger reads 王丽会 as the name: erring towards masking
    [InlineData("王女士您好，我叫李秀英，孩子明年高考", new[] { "王女士", "李秀英" })]
    [InlineData("客户经理刘建国说月供没什么压力", new[] { "刘建国" })]
    [InlineData("李总介绍的，张经理你好，小王在吗", new[] { "李总", "张经理", "小王" })]
    public void Redact_NamesAndTitledSurnames_AreMasked_TheRestStays(string text, string[] names)
    {
        var redacted = NameRedactor.Redact(text);

        Assert.Equal(text.Length, redacted.Length);
        Assert.All(names, name => Assert.DoesNotContain(name, redacted, StringComparison.Ordinal));
        for (var i = 0; i < text.Length; i++)
        {
            // Only the characters of a name change, and only into the mask.
            Assert.True(redacted[i] == text[i] || (redacted[i] == TranscriptRedactor.Mask && names.Any(n => n.Contains(text[i], StringComparison.Ordinal))), $"position {i} of '{text}': '{redacted}'");
        }
    }

    [Fact]
    public void Redact_EveryIntentPhraseOfTheCatalog_Survives()
    {
        var catalog = RuleCatalogLoader.LoadDefault();
        var phrases = catalog.Tags.Intents.Values.SelectMany(p => p).ToList();
        Assert.NotEmpty(phrases);
        foreach (var phrase in phrases)
        {
            foreach (var text in new[] { $"客户:最近{phrase},想咨询一下。", $"{phrase}", $"张先生说{phrase}，坐席已登记。" })
            {
                Assert.Contains(phrase, NameRedactor.Redact(text), StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("I'd like to talk about my mortgage, thanks.")]
    [InlineData("贷款余额215万,利率3.85%,还有288期。")]
    [InlineData("我想问一下我的房贷提前还款的事情")]
    [InlineData("身份证******************结束")]
    public void Redact_TextWithoutNames_IsUntouched(string text) =>
        Assert.Equal(text, NameRedactor.Redact(text));

    [Fact]
    public void RedactPersonalData_NumbersAndNames_BothGo()
    {
        var redacted = TranscriptRedactor.RedactPersonalData($"我是陈志强,手机13812345678,身份证{TestData.IdNumber}");

        Assert.Equal($"我是***,手机***********,身份证{new string('*', 18)}", redacted);
    }

    [Fact]
    public async Task Redact_FromManyThreadsAtOnce_GivesEachTheSameAnswer()
    {
        const string text = "客户:我是陈志强,最近月供压力大。坐席:好的陈先生。";
        var expected = NameRedactor.Redact(text);

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => NameRedactor.Redact(text))));

        Assert.All(answers, a => Assert.Equal(expected, a));
    }
}
