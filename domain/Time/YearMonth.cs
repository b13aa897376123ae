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
        value = default;
        if (text is null || !DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return false;
        }

        value = From(day);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}
