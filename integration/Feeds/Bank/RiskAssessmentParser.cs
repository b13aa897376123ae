using System.Collections.Frozen;

namespace LifeWindow.Integration.Feeds.Bank;

/// <summary>
/// bank.risk-assessment (风险承受能力评估), schema v1 (see samples/bank/risk-assessment.json): recordId,
/// idNumber, appetite (the questionnaire's grade C1..C5), assessedAt, validUntil.
/// </summary>
public sealed class RiskAssessmentParser : BankRecordParser
{
    /// <summary>
    /// An assessment is valid for about a year; far beyond that the date is a typo (or a "never expires"
    /// placeholder such as 9999-12-31), which would let one questionnaire set the appetite for good.
    /// </summary>
    private const int MaxValidYears = 5;

    /// <summary>The grade as the questionnaire writes it: C1 = Conservative (1) … C5 = Aggressive (5).</summary>
    private static readonly FrozenDictionary<string, RiskAppetite> Grades =
        Enum.GetValues<RiskAppetite>().ToFrozenDictionary(a => string.Create(CultureInfo.InvariantCulture, $"C{(int)a}"), StringComparer.Ordinal);

    private static readonly string GradeList = string.Join(", ", Grades.Keys.Order(StringComparer.Ordinal));

    public override string EventType => "bank.risk-assessment";

    protected override FeedRecord? ParseBody(JsonElement data, JsonFields fields, FeedParseContext context, RecordHeader header)
    {
        var appetite = Appetite(fields, "appetite");
        var assessedAt = fields.PastInstant("assessedAt", context.Today);
        var validUntil = fields.Date("validUntil");

        if (assessedAt is { } at && validUntil is { } until)
        {
            var assessedOn = BusinessClock.ToBusinessDate(at);
            if (until < assessedOn)
            {
                fields.Error("validUntil", string.Create(CultureInfo.InvariantCulture, $"must not be before the date of assessedAt ({assessedOn:yyyy-MM-dd}, Asia/Shanghai)"));
            }
            else if (until > assessedOn.AddYears(MaxValidYears))
            {
                fields.Error("validUntil", string.Create(CultureInfo.InvariantCulture, $"must be at most {MaxValidYears} years after the date of assessedAt ({assessedOn:yyyy-MM-dd}, Asia/Shanghai)"));
            }
        }

        if (appetite is null || assessedAt is null || validUntil is null)
        {
            return null;
        }

        return new RiskAssessment
        {
            Appetite = appetite.Value,
            AssessedAt = assessedAt.Value,
            ValidUntil = validUntil.Value,
        };
    }

    /// <summary>Exactly one of C1..C5: no lower case, no bare number, no name (保守型, Conservative), no spaces.</summary>
    private static RiskAppetite? Appetite(JsonFields fields, string name)
    {
        var text = fields.String(name, 64);
        if (text is null)
        {
            return null;
        }

        if (Grades.TryGetValue(text, out var appetite))
        {
            return appetite;
        }

        // Echo what was sent only if it cannot be a misplaced identifier, as for the other enums.
        var sent = text.Length <= 32 && !text.Any(char.IsAsciiDigit) ? $"'{text}' " : string.Empty;
        fields.Error(name, $"{sent}is not one of {GradeList}");
        return null;
    }
}
