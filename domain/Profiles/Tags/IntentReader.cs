namespace LifeWindow.Domain.Profiles;

/// <summary>
/// Turns a (redacted) service-call snippet into the catalog intents it expresses (tags.intents keys), ordinal-sorted.
/// The domain ships <see cref="PhraseIntentReader"/>; the hosts attach integration's trained classifier
/// (docs/models.md), which the domain cannot hold itself (BCL only).
/// </summary>
public interface IIntentReader
{
    /// <summary>The intents this reader can name; must be the catalog's tags.intents keys.</summary>
    IReadOnlyCollection<string> Labels { get; }

    IReadOnlyList<string> Read(string snippet);
}

/// <summary>The catalog's phrase lists: an intent is heard when one of its phrases occurs verbatim (negations included).</summary>
public sealed class PhraseIntentReader(IReadOnlyDictionary<string, IReadOnlyList<string>> phrases) : IIntentReader
{
    public IReadOnlyCollection<string> Labels => [.. phrases.Keys];

    public IReadOnlyList<string> Read(string snippet) =>
        [.. phrases.Where(i => i.Value.Any(phrase => snippet.Contains(phrase, StringComparison.Ordinal))).Select(i => i.Key).Order(StringComparer.Ordinal)];
}
