namespace LifeWindow.Integration.Feeds;

/// <summary>The registered parsers, by feed and event type; the per-feed type lists are built once, not per request.</summary>
public sealed class FeedParsers(IEnumerable<IFeedParser> parsers)
{
    private readonly Dictionary<(string Feed, string Type), IFeedParser> byType =
        parsers.ToDictionary(p => (p.Feed, p.EventType));

    private readonly Dictionary<string, IReadOnlyList<string>> typesByFeed = parsers
        .GroupBy(p => p.Feed, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p.EventType).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

    public bool IsKnownFeed(string feed) => typesByFeed.ContainsKey(feed);

    public IReadOnlyList<string> EventTypes(string feed) => typesByFeed.GetValueOrDefault(feed) ?? [];

    public IFeedParser? Find(string feed, string eventType) => byType.GetValueOrDefault((feed, eventType));
}
