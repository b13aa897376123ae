namespace LifeWindow.Integration.Crm;

public sealed class CrmOptions : IValidatableObject
{
    public const string Section = "Crm";
    public const string SecretPrefix = "whsec_";

    /// <summary>Base URL of the bank CRM's lead API; lead events are POSTed to "{BaseUrl}leads".</summary>
    [Required]
    public Uri? BaseUrl { get; set; }

    /// <summary>The CloudEvents <c>source</c> of every event we send the CRM (an absolute URI).</summary>
    [Required]
    public Uri EventSource { get; set; } = new("urn:lifewindow");

    /// <summary>
    /// Our Standard Webhooks secrets toward the CRM ("whsec_" + base64 of 24–64 random bytes): one, or two
    /// during rotation (each request then carries a signature made with each).
    /// </summary>
    public List<string> SigningSecrets { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!EventSource.IsAbsoluteUri)
        {
            yield return new ValidationResult("Crm:EventSource must be an absolute URI (e.g. urn:lifewindow).", [nameof(EventSource)]);
        }

        if (SigningSecrets.Count is 0 or > 2)
        {
            yield return new ValidationResult("Crm:SigningSecrets must hold one secret, or two during rotation.", [nameof(SigningSecrets)]);
        }

        for (var i = 0; i < SigningSecrets.Count; i++)
        {
            if (KeyOf(SigningSecrets[i]) is null)
            {
                // The secret itself is never echoed: only its position.
                yield return new ValidationResult($"Crm:SigningSecrets:{i} is not '{SecretPrefix}' + base64 of 24 to 64 bytes.", [nameof(SigningSecrets)]);
            }
        }
    }

    /// <summary>The key bytes of a well-formed "whsec_…" secret, or null.</summary>
    public static byte[]? KeyOf(string? secret)
    {
        if (secret is null || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var encoded = secret[SecretPrefix.Length..];
        var buffer = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, buffer, out var length) && length is >= 24 and <= 64 ? buffer[..length] : null;
    }
}
