namespace LifeWindow.Integration.Webhooks;

public sealed partial class WebhookOptions : IValidatableObject
{
    public const string Section = "Webhooks";

    /// <summary>Largest body accepted; larger requests get 413.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most records one delivery may carry as a "data" array; each gets its own result.</summary>
    [Range(1, 5000)]
    public int MaxBatchRecords { get; set; } = 500;

    /// <summary>Signatures older or newer than this are rejected (Standard Webhooks suggests 5 minutes).</summary>
    [Range(1, 3600)]
    public int TimestampToleranceSeconds { get; set; } = 300;

    /// <summary>How long a webhook-id is remembered so a redelivery has no second effect (at least 24 h).</summary>
    [Range(24, 24 * 90)]
    public int LedgerRetentionHours { get; set; } = 72;

    /// <summary>How long one delivery may hold its webhook-id before a retry may take over.</summary>
    [Range(5, 3600)]
    public int ClaimLeaseSeconds { get; set; } = 120;

    /// <summary>Partner id → which endpoints it may call and its signing secrets (two during rotation).</summary>
    public Dictionary<string, PartnerOptions> Partners { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (id, partner) in Partners)
        {
            // Partner ids become app-setting names (Webhooks__Partners__<id>__Secrets__0), which allow letters, digits and '_'.
            if (!PartnerId().IsMatch(id))
            {
                yield return new ValidationResult($"Webhooks:Partners: partner id '{id}' may contain only letters, digits and '_'.");
            }

            if (partner.Scopes.Count == 0)
            {
                yield return new ValidationResult($"Webhooks:Partners:{id}:Scopes must name at least one endpoint scope.");
            }

            if (partner.Secrets.Count is 0 or > 2)
            {
                yield return new ValidationResult($"Webhooks:Partners:{id}:Secrets must hold one secret, or two during rotation.");
            }

            foreach (var secret in partner.Secrets)
            {
                var key = secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret;
                if (!Convert.TryFromBase64String(key, new byte[key.Length], out var bytes) || bytes < 16)
                {
                    yield return new ValidationResult($"Webhooks:Partners:{id}:Secrets holds a secret that is not 'whsec_' + base64 of at least 16 bytes.");
                }
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_]{1,64}$")]
    private static partial Regex PartnerId();
}

public sealed class PartnerOptions
{
    /// <summary>Endpoint scopes this partner signs for, e.g. "provident-fund" or "crm-outcomes".</summary>
    public List<string> Scopes { get; set; } = [];

    /// <summary>Standard Webhooks secrets ("whsec_" + base64). Any one of them verifies.</summary>
    public List<string> Secrets { get; set; } = [];
}
