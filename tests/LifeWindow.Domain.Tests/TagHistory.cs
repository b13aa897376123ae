namespace LifeWindow.Domain.Tests;

/// <summary>
/// A customer's tag values month by month (business months, Asia/Shanghai), as the detector's
/// <c>tagsAt</c>. Values: numbers (int/decimal), booleans, strings, string arrays (set tags). Each tag
/// carries the evidence "ev-{Name}". Months never set have no tags at all.
/// </summary>
internal sealed class TagHistory
{
    private readonly Dictionary<YearMonth, IReadOnlyDictionary<string, object>> months = [];

    public List<DateTimeOffset> Calls { get; } = [];

    public static TagHistory Holding(IReadOnlyDictionary<string, object> values, YearMonth from, YearMonth to) =>
        new TagHistory().Set(values, from, to);

    public TagHistory Set(IReadOnlyDictionary<string, object> values, YearMonth from, YearMonth to)
    {
        for (var month = from; month <= to; month = month.AddMonths(1))
        {
            months[month] = values;
        }

        return this;
    }

    public TagSet At(DateTimeOffset asOf)
    {
        Calls.Add(asOf);
        var month = YearMonth.From(BusinessClock.ToBusinessDate(asOf));
        var since = month.FirstDay;
        var values = months.TryGetValue(month, out var found) ? found : new Dictionary<string, object>();
        return new TagSet(asOf, values.Select(kv => ToTag(kv.Key, kv.Value, since)));
    }

    private static Tag ToTag(string name, object value, DateOnly since)
    {
        IReadOnlyList<string> evidence = [$"ev-{name}"];
        return value switch
        {
            int i => Tag.Of(name, (decimal)i, since, evidence),
            decimal d => Tag.Of(name, d, since, evidence),
            bool b => Tag.Of(name, b, since, evidence),
            string s => Tag.Of(name, s, since, evidence),
            string[] members => Tag.OfSet(name, members, since, evidence),
            _ => throw new ArgumentException($"Unsupported tag value {value.GetType().Name} for {name}.", nameof(value)),
        };
    }
}
