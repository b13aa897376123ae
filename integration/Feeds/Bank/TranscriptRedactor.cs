namespace LifeWindow.Integration.Feeds.Bank;

/// <summary>
/// Masks what looks like a phone, ID or card number in free text before it is kept. Rule: a run of at
/// least <see cref="MinRunLength"/> number characters — ASCII or full-width digits, the Chinese
/// numerals speech-to-text writes (〇零一幺二两三四五六七八九) and X (the ID check character, or an
/// earlier partial mask) — where neighbours may be separated by one space, ideographic space or
/// hyphen, and which holds at least one digit, has every number character replaced by '*'.
/// Separators and everything else stay, so the text keeps its length and reads the same. The rule
/// errs towards masking: a long amount or a list of numbers read out in one breath is masked too.
/// </summary>
public static partial class TranscriptRedactor
{
    /// <summary>A mainland mobile number has 11 digits, an ID number 18; shorter runs (amounts, dates, times) stay.</summary>
    public const int MinRunLength = 11;

    public const char Mask = '*';

    private const string Digits = "0123456789０１２３４５６７８９〇零一幺二两三四五六七八九";

    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return NumberRun().Replace(text, match => match.ValueSpan.IndexOfAny(Digits) < 0 ? match.Value : MaskRun(match.Value));
    }

    /// <summary>What free text keeps at rest: number runs masked (<see cref="Redact"/>), then people's names (<see cref="NameRedactor"/>).</summary>
    public static string RedactPersonalData(string text) => NameRedactor.Redact(Redact(text));

    private static string MaskRun(string run) =>
        string.Create(run.Length, run, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = IsSeparator(source[i]) ? source[i] : Mask;
            }
        });

    private static bool IsSeparator(char c) => c is ' ' or '\u3000' or '-';

    // {10,} after the first character: MinRunLength (11) number characters in all. Every repetition
    // consumes a number character, so the pattern cannot backtrack badly and needs no timeout (whose
    // exception would escape the parser).
    [GeneratedRegex("[0-9０-９〇零一幺二两三四五六七八九XxＸｘ](?:[ \u3000-]?[0-9０-９〇零一幺二两三四五六七八九XxＸｘ]){10,}", RegexOptions.CultureInvariant)]
    private static partial Regex NumberRun();
}
