namespace LifeWindow.Integration.Feeds;

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
