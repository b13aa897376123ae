using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using LifeWindow.Domain.Feeds;
using LifeWindow.Domain.Identity;
using Microsoft.Extensions.Options;

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
}

/// <summary>
/// Derive-and-discard for resident ID numbers: the number becomes a keyed HMAC customer key plus
/// coarse facts (age band, gender, local or new resident); the number itself goes no further.
/// </summary>
public sealed class CustomerKeyTokenizer
{
    private readonly byte[] pepper;
    private readonly string keyId;
    private readonly IReadOnlyList<string> localPrefixes;

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
    }

    public string CustomerKey(ResidentIdNumber id) =>
        $"{keyId}-{Convert.ToHexStringLower(HMACSHA256.HashData(pepper, Encoding.ASCII.GetBytes(id.Value)))}";

    public PersonFacts PersonFacts(ResidentIdNumber id, DateOnly today) => new(
        AgeBand.FromAge(id.AgeOn(today)),
        id.Gender.ToString(),
        localPrefixes.Any(p => id.RegionCode.StartsWith(p, StringComparison.Ordinal)) ? Residency.Local : Residency.NewResident);

    /// <summary>SHA-256 (hex) of the source evidence; kept instead of the payload.</summary>
    public static string EvidenceHash(string rawPayload) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rawPayload)));
}
