using System.Collections;

namespace LifeWindow.Domain.Profiles;

/// <summary>
/// A dynamic tag: its value as invariant text, the day its current value (or run) began, and the facts
/// (evidence hashes) it was computed from. Numbers are invariant decimals, booleans "true"/"false",
/// sets comma-separated members in a fixed order.
/// </summary>
public sealed record Tag(string Name, string Value, DateOnly Since)
{
    public IReadOnlyList<string> Evidence { get; init; } = [];

    [JsonIgnore]
    public decimal? Number => decimal.TryParse(Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null;

    [JsonIgnore]
    public bool? Boolean => Value switch { "true" => true, "false" => false, _ => null };

    [JsonIgnore]
    public IReadOnlyList<string> Members => Value.Length == 0 ? [] : Value.Split(',');

    // Value equality includes the evidence list (a record would compare the list by reference).
    public bool Equals(Tag? other) =>
        other is not null && Name == other.Name && Value == other.Value && Since == other.Since && Evidence.SequenceEqual(other.Evidence);

    public override int GetHashCode() => HashCode.Combine(Name, Value, Since, Evidence.Count);

    public static Tag Of(string name, decimal value, DateOnly since, IReadOnlyList<string>? evidence = null) =>
        new(name, Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture), since) { Evidence = evidence ?? [] };

    public static Tag Of(string name, bool value, DateOnly since, IReadOnlyList<string>? evidence = null) =>
        new(name, value ? "true" : "false", since) { Evidence = evidence ?? [] };

    public static Tag Of(string name, string value, DateOnly since, IReadOnlyList<string>? evidence = null) =>
        new(name, value, since) { Evidence = evidence ?? [] };

    public static Tag OfSet(string name, IEnumerable<string> members, DateOnly since, IReadOnlyList<string>? evidence = null) =>
        new(name, string.Join(',', members), since) { Evidence = evidence ?? [] };
}

/// <summary>The tags of one customer as of one moment (valid time).</summary>
public sealed class TagSet : IReadOnlyDictionary<string, Tag>
{
    private readonly Dictionary<string, Tag> tags;

    public TagSet(DateTimeOffset asOf, IEnumerable<Tag> tags)
    {
        AsOf = asOf;
        this.tags = tags.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public DateTimeOffset AsOf { get; }

    public int Count => tags.Count;

    public IEnumerable<string> Keys => tags.Keys;

    public IEnumerable<Tag> Values => tags.Values;

    public Tag this[string key] => tags[key];

    public Tag? Get(string name) => tags.TryGetValue(name, out var tag) ? tag : null;

    public bool ContainsKey(string key) => tags.ContainsKey(key);

    public bool TryGetValue(string key, out Tag value) => tags.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<string, Tag>> GetEnumerator() => tags.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
