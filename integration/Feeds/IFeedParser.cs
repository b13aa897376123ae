namespace LifeWindow.Integration.Feeds;

/// <summary>
/// Turns one partner record (a webhook's "data", one element of a batch, one pulled item or one line
/// of a file) into a validated, tokenized canonical record. One parser per event type.
/// </summary>
public interface IFeedParser
{
    /// <summary>The feed, as in the endpoint path: "provident-fund".</summary>
    string Feed { get; }

    /// <summary>The event type the partner sends in the envelope: "provident-fund.contribution".</summary>
    string EventType { get; }

    /// <summary>Returns the record, or null with the reasons in <paramref name="errors"/>. Never throws for bad input.</summary>
    FeedRecord? Parse(JsonElement data, string path, FeedParseContext context, ValidationErrors errors);
}
