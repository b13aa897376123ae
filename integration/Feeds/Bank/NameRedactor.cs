using JiebaNet.Segmenter;
using JiebaNet.Segmenter.PosSeg;

namespace LifeWindow.Integration.Feeds.Bank;

/// <summary>
/// Masks people's names in free text before it is kept (call-transcript snippets, credit-list reasons), each character
/// of a name replaced by <see cref="TranscriptRedactor.Mask"/>, so the text keeps its length. Names are found two ways:
/// <list type="number">
/// <item>jieba's part-of-speech tagger (jieba.NET: a 350,000-word dictionary and an HMM for words it has not seen) —
/// every token tagged as a person's name (<c>nr</c>, <c>nrt</c>, <c>nrfg</c>): 陈志强, 王女士, 小王;</item>
/// <item>a common surname followed by a form of address, which the tagger splits as two words: 张经理, 李老师.</item>
/// </list>
/// Every occurrence of a name found anywhere in the text is masked. A name neither way recognises is kept (see
/// docs/compliance.md); the rule errs towards masking, so a word the tagger takes for a name is masked too. Our own
/// code only because no .NET library here detects Chinese personal data; jieba does the language work.
/// </summary>
public static partial class NameRedactor
{
    private static readonly HashSet<string> NameTags = new(StringComparer.Ordinal) { "nr", "nrt", "nrfg" };

    private static readonly Lock Gate = new();

    private static readonly Lazy<PosSegmenter> Segmenter = new(() =>
    {
        // The dictionaries are copied beside the assemblies (integration/LifeWindow.Integration.csproj).
        ConfigManager.ConfigFileBaseDir = Path.Combine(AppContext.BaseDirectory, "jieba");
        return new PosSegmenter();
    });

    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(IsHan))
        {
            return text;
        }

        List<string> names;
        lock (Gate)
        {
            // The tagger's caches are not documented as safe for concurrent use; a snippet takes about a millisecond.
            names = [.. Segmenter.Value.Cut(text).Where(t => NameTags.Contains(t.Flag) && t.Word.Any(IsHan)).Select(t => t.Word)];
        }

        names.AddRange(TitledSurname().Matches(text).Select(m => m.Groups["surname"].Value + m.Groups["title"].Value));
        var redacted = text;
        foreach (var name in names.Distinct(StringComparer.Ordinal).OrderByDescending(n => n.Length))
        {
            redacted = redacted.Replace(name, new string(TranscriptRedactor.Mask, name.Length), StringComparison.Ordinal);
        }

        return redacted;
    }

    private static bool IsHan(char c) => c is >= '\u4e00' and <= '\u9fff';

    // The hundred most common surnames (about 85% of the population) and the forms of address a call uses with them.
    [GeneratedRegex("(?<surname>[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤])(?<title>先生|女士|小姐|总|经理|老师|阿姨|叔叔|大姐|大哥|师傅)", RegexOptions.CultureInvariant)]
    private static partial Regex TitledSurname();
}
