namespace LifeWindow.Domain.Time;

/// <summary>A calendar month such as a provident-fund contribution period ("2026-10").</summary>
[JsonConverter(typeof(TextValueJsonConverter<YearMonth>))]
public readonly record struct YearMonth(int Year, int Month) : IComparable<YearMonth>, ITextValue<YearMonth>
{
    public int Index => (Year * 12) + Month - 1;

    public YearMonth AddMonths(int months)
    {
        var index = Index + months;
        return new YearMonth(index / 12, (index % 12) + 1);
    }

    public int MonthsSince(YearMonth earlier) => Index - earlier.Index;

    public DateOnly FirstDay => new(Year, Month, 1);

    public int CompareTo(YearMonth other) => Index.CompareTo(other.Index);

    public static bool operator <(YearMonth a, YearMonth b) => a.Index < b.Index;

    public static bool operator >(YearMonth a, YearMonth b) => a.Index > b.Index;

    public static bool operator <=(YearMonth a, YearMonth b) => a.Index <= b.Index;

    public static bool operator >=(YearMonth a, YearMonth b) => a.Index >= b.Index;

    public static YearMonth From(DateOnly day) => new(day.Year, day.Month);

    public static string TextDescription => "a month as yyyy-MM";

    public static bool TryParse(string? text, out YearMonth value)
    {
        // Exactly "yyyy-MM" (year 0001 to 9999, month 01 to 12), read by hand: the date parser was a visible share of
        // parsing a provident-fund record (docs/performance.md).
        value = default;
        if (text is not { Length: 7 } || text[4] != '-'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(text.AsSpan(5, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || year < 1 || month is < 1 or > 12)
        {
            return false;
        }

        value = new YearMonth(year, month);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}
