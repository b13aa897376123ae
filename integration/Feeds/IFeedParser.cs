using System.Text.Json;
using LifeWindow.Domain.Feeds;
using LifeWindow.Domain.Identity;
using LifeWindow.Integration.Tokenization;

namespace LifeWindow.Integration.Feeds;

/// <summary>Turns one partner record (the webhook's "data") into a validated, tokenized canonical record.</summary>
public interface IFeedParser
{
    /// <summary>The feed, as in the endpoint path: "provident-fund".</summary>
    string Feed { get; }

    /// <summary>The Standard Webhooks event type the partner sends: "provident-fund.contribution".</summary>
    string EventType { get; }

    /// <summary>Returns the record, or null with the reasons in <paramref name="errors"/>. Never throws for bad input.</summary>
    FeedRecord? Parse(JsonElement data, string path, FeedParseContext context, ValidationErrors errors);
}

/// <summary>What a parser needs besides the record: today's business date and the tokenizer.</summary>
public sealed record FeedParseContext(DateOnly Today, CustomerKeyTokenizer Tokenizer, string EvidenceHash)
{
    /// <summary>Validates a resident ID number field and derives the customer key and person facts from it.</summary>
    public (string CustomerKey, PersonFacts Person)? Identify(JsonFields fields, string name)
    {
        var raw = fields.String(name, 32);
        if (raw is null)
        {
            return null;
        }

        if (!ResidentIdNumber.TryParse(raw, Today, out var id, out var error))
        {
            fields.Error(name, error!);
            return null;
        }

        return (Tokenizer.CustomerKey(id!), Tokenizer.PersonFacts(id!, Today));
    }
}
