namespace LifeWindow.Integration.Feeds;

/// <summary>The registered parsers, by feed and event type.</summary>
public sealed class FeedParsers(IEnumerable<IFeedParser> parsers)
{
    private readonly Dictionary<(string Feed, string Type), IFeedParser> byType =
        parsers.ToDictionary(p => (p.Feed, p.EventType));

    public bool IsKnownFeed(string feed) => byType.Keys.Any(k => k.Feed == feed);

    public IReadOnlyList<string> EventTypes(string feed) =>
        byType.Keys.Where(k => k.Feed == feed).Select(k => k.Type).Order(StringComparer.Ordinal).ToList();

    public IFeedParser? Find(string feed, string eventType) => byType.GetValueOrDefault((feed, eventType));
}
