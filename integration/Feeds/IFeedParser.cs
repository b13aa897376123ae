using System.Text.Json;
using LifeWindow.Domain.Feeds;
using LifeWindow.Domain.Identity;
using LifeWindow.Integration.Tokenization;

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

/// <summary>
/// A step that needs I/O and so cannot live in a (synchronous, pure) parser, e.g. "a red-letter
/// invoice must reverse an invoice we know", or "find the customer a partner's match token names".
/// Runs after parsing, in registration order, and may return a completed copy of the record (or the
/// record unchanged, or add errors). <see cref="AcceptedAsync"/> runs once the record is on the
/// stream (e.g. to remember the invoice number). A check ignores record types it is not about.
/// </summary>
public interface IFeedRecordCheck
{
    Task<FeedRecord> CheckAsync(FeedRecord record, FeedCheckContext context, ValidationErrors errors, CancellationToken cancellationToken);

    Task AcceptedAsync(FeedRecord record, CancellationToken cancellationToken);
}

/// <summary>
/// Where the record being checked came from (partner, feed) and its path in the delivery. A delivery's
/// records are all judged before any is published, so a check that depends on what was accepted before
/// (see <see cref="IFeedRecordCheck.AcceptedAsync"/>) must also look at <see cref="AcceptedBefore"/>.
/// </summary>
public sealed record FeedCheckContext(string Feed, string Partner, string Path)
{
    /// <summary>The records of the same delivery judged acceptable before this one, in order (not yet published).</summary>
    public IReadOnlyList<FeedRecord> AcceptedBefore { get; init; } = [];
}

/// <summary>What a parser needs besides the record: today's business date, the tokenizer, the evidence hash.</summary>
public sealed record FeedParseContext(DateOnly Today, CustomerKeyTokenizer Tokenizer, string EvidenceHash)
{
    private readonly List<MatchToken> matchTokens = [];
    private readonly Dictionary<string, IReadOnlyList<string>> retiredKeys = new(StringComparer.Ordinal);

    /// <summary>Partner matching tokens for the identifiers seen in this record (see <see cref="IMatchIndex"/>).</summary>
    public IReadOnlyList<MatchToken> MatchTokens => matchTokens;

    /// <summary>The customer's keys under retired peppers, for a customer key this context identified (empty when none are retired).</summary>
    public IReadOnlyList<string> RetiredKeysOf(string customerKey) => retiredKeys.GetValueOrDefault(customerKey) ?? [];

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

        var customerKey = Tokenizer.CustomerKey(id!);
        matchTokens.AddRange(Tokenizer.MatchTokens(MatchKind.Id, id!.Value, customerKey));
        if (Tokenizer.RetiredCustomerKeys(id).ToList() is { Count: > 0 } retired)
        {
            retiredKeys[customerKey] = retired;
        }
        return (customerKey, Tokenizer.PersonFacts(id, Today));
    }

    /// <summary>
    /// Validates a mainland mobile number field of a record whose customer is known, records matching
    /// tokens for it and returns it masked (138****1234): the full number is not kept.
    /// </summary>
    public string? MaskedPhone(JsonFields fields, string name, string customerKey, bool required = false)
    {
        var raw = fields.String(name, 20, required);
        if (raw is null)
        {
            return null;
        }

        var digits = raw.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        if (digits.StartsWith("+86", StringComparison.Ordinal))
        {
            digits = digits[3..];
        }

        if (digits.Length != 11 || digits[0] != '1' || !digits.All(char.IsAsciiDigit))
        {
            fields.Error(name, "must be an 11-digit mainland mobile number");
            return null;
        }

        matchTokens.AddRange(Tokenizer.MatchTokens(MatchKind.Phone, digits, customerKey));
        return $"{digits[..3]}****{digits[7..]}";
    }
}
