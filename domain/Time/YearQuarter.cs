namespace LifeWindow.Domain.Time;

/// <summary>A calendar quarter such as a tax declaration period, written "2026-Q3".</summary>
[JsonConverter(typeof(TextValueJsonConverter<YearQuarter>))]
public readonly record struct YearQuarter(int Year, int Quarter) : IComparable<YearQuarter>, ITextValue<YearQuarter>
{
    public int Index => (Year * 4) + Quarter - 1;

    public DateOnly FirstDay => new(Year, ((Quarter - 1) * 3) + 1, 1);

    public int CompareTo(YearQuarter other) => Index.CompareTo(other.Index);

    public static bool operator <(YearQuarter a, YearQuarter b) => a.Index < b.Index;

    public static bool operator >(YearQuarter a, YearQuarter b) => a.Index > b.Index;

    public static bool operator <=(YearQuarter a, YearQuarter b) => a.Index <= b.Index;

    public static bool operator >=(YearQuarter a, YearQuarter b) => a.Index >= b.Index;

    public YearQuarter AddQuarters(int quarters)
    {
        var index = Index + quarters;
        return new YearQuarter(index / 4, (index % 4) + 1);
    }

    public static YearQuarter From(DateOnly day) => new(day.Year, ((day.Month - 1) / 3) + 1);

    /// <summary>Parses exactly "yyyy-Qn" (n = 1..4, upper-case Q).</summary>
    public static string TextDescription => "a quarter as yyyy-Qn";

    public static bool TryParse(string? text, out YearQuarter value)
    {
        value = default;
        if (text is not { Length: 7 } || text[4] != '-' || text[5] != 'Q' || text[6] is < '1' or > '4'
            || !int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 1)
        {
            return false;
        }

        value = new YearQuarter(year, text[6] - '0');
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-Q{Quarter}");
}
