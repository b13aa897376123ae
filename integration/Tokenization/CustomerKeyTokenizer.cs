namespace LifeWindow.Integration.Tokenization;

public sealed class IdentityOptions
{
    public const string Section = "Identity";

    /// <summary>Names the pepper in use; it prefixes every customer key so a rotation is visible in the data.</summary>
    [Required]
    [RegularExpression("^[a-z0-9]{1,8}$")]
    public string PepperKeyId { get; set; } = "k1";

    /// <summary>Base64 HMAC key (at least 32 bytes). In Azure it comes from Key Vault through app settings.</summary>
    [Required]
    public string Pepper { get; set; } = string.Empty;

    /// <summary>Region-code prefixes of the bank's own region: a resident ID registered there is local (本地户籍).</summary>
    public List<string> LocalRegionPrefixes { get; set; } = [];

    /// <summary>
    /// Peppers taken out of use by a rotation, by key id. New keys are always made with the current
    /// pepper; these give the keys a customer had before, so data can be found and re-keyed.
    /// </summary>
    public Dictionary<string, string> RetiredPeppers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Per-partner matching keys (base64, ≥ 32 bytes) agreed with platforms that match customers on a
    /// keyed hash of the ID or phone number (consumption-scene whitelists): partner id → key.
    /// </summary>
    public Dictionary<string, string> MatchingKeys { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public enum MatchKind
{
    Id,
    Phone,
}

/// <summary>A partner's keyed hash of one identifier, and the customer it belongs to.</summary>
public sealed record MatchToken(string Partner, MatchKind Kind, string Token, string CustomerKey);

/// <summary>
/// Derive-and-discard for resident ID numbers: the number becomes a keyed HMAC customer key plus
/// coarse facts (age band, gender, local or new resident); the number itself goes no further.
/// </summary>
public sealed class CustomerKeyTokenizer
{
    private readonly byte[] pepper;
    private readonly string keyId;
    private readonly IReadOnlyList<string> localPrefixes;
    private readonly IReadOnlyList<(string KeyId, byte[] Pepper)> retired;
    private readonly IReadOnlyList<(string Partner, byte[] Key)> matchingKeys;

    public CustomerKeyTokenizer(IOptions<IdentityOptions> options)
    {
        var value = options.Value;
        try
        {
            pepper = Convert.FromBase64String(value.Pepper);
        }
        catch (FormatException ex)
        {
            throw new OptionsValidationException(IdentityOptions.Section, typeof(IdentityOptions), [$"{IdentityOptions.Section}:Pepper is not base64: {ex.Message}"]);
        }

        if (pepper.Length < 32)
        {
            throw new OptionsValidationException(IdentityOptions.Section, typeof(IdentityOptions), [$"{IdentityOptions.Section}:Pepper must decode to at least 32 bytes."]);
        }

        keyId = value.PepperKeyId;
        localPrefixes = value.LocalRegionPrefixes;
        retired = value.RetiredPeppers.Select(p => (p.Key, Decode($"RetiredPeppers:{p.Key}", p.Value))).ToList();
        matchingKeys = value.MatchingKeys.Select(p => (p.Key, Decode($"MatchingKeys:{p.Key}", p.Value))).ToList();
    }

    public string CurrentKeyId => keyId;

    /// <summary>The customer's key under every retired pepper, for finding data written before a rotation.</summary>
    public IEnumerable<string> RetiredCustomerKeys(ResidentIdNumber id) =>
        retired.Select(r => Key(r.KeyId, r.Pepper, id.Value));

    /// <summary>Each matching partner's token for the identifier: hex(HMAC-SHA256(partner key, "id:…" or "phone:…")).</summary>
    public IEnumerable<MatchToken> MatchTokens(MatchKind kind, string normalizedValue, string customerKey) =>
        matchingKeys.Select(m => new MatchToken(m.Partner, kind, MatchToken(m.Key, kind, normalizedValue), customerKey));

    /// <summary>The token a partner computes for an identifier with the agreed key (used by tests and the sandbox partner).</summary>
    public static string MatchToken(byte[] partnerKey, MatchKind kind, string normalizedValue) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(partnerKey, Encoding.UTF8.GetBytes($"{(kind == MatchKind.Id ? "id" : "phone")}:{normalizedValue}")));

    private static string Key(string keyId, byte[] pepper, string id) =>
        $"{keyId}-{Convert.ToHexStringLower(HMACSHA256.HashData(pepper, Encoding.ASCII.GetBytes(id)))}";

    private static byte[] Decode(string name, string base64)
    {
        try
        {
            var bytes = Convert.FromBase64String(base64);
            return bytes.Length >= 32 ? bytes : throw new FormatException("shorter than 32 bytes");
        }
        catch (FormatException ex)
        {
            throw new OptionsValidationException(IdentityOptions.Section, typeof(IdentityOptions), [$"{IdentityOptions.Section}:{name} must be base64 of at least 32 bytes: {ex.Message}"]);
        }
    }

    public string CustomerKey(ResidentIdNumber id) => Key(keyId, pepper, id.Value);

    public PersonFacts PersonFacts(ResidentIdNumber id, DateOnly today) => new(
        AgeBand.FromAge(id.AgeOn(today)),
        id.Gender.ToString(),
        localPrefixes.Any(p => id.RegionCode.StartsWith(p, StringComparison.Ordinal)) ? Residency.Local : Residency.NewResident);

    /// <summary>SHA-256 (hex) of the source evidence; kept instead of the payload.</summary>
    public static string EvidenceHash(string rawPayload) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rawPayload)));

    /// <summary>SHA-256 (hex) of the source evidence given as its UTF-8 bytes: the same hash as of its text.</summary>
    public static string EvidenceHash(ReadOnlySpan<byte> utf8Payload)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8Payload, hash);
        return Convert.ToHexStringLower(hash);
    }
}
