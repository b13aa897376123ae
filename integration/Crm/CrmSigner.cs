namespace LifeWindow.Integration.Crm;

/// <summary>
/// Signs what we send the CRM with Standard Webhooks (<see cref="WebhookSignature"/>, the same code that verifies our
/// inbound webhooks; the tests verify its signatures with the StandardWebhooks package). During a rotation there are two secrets and the header
/// carries both signatures, space-separated as the spec allows, so the CRM verifies with whichever it holds.
/// </summary>
public sealed class CrmSigner
{
    private readonly IReadOnlyList<byte[]> keys;

    public CrmSigner(IOptions<CrmOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        keys = options.Value.SigningSecrets
            .Select(secret => CrmOptions.KeyOf(secret) ?? throw new OptionsValidationException(CrmOptions.Section, typeof(CrmOptions), ["Crm:SigningSecrets holds a malformed secret."]))
            .ToList();
        if (keys.Count == 0)
        {
            throw new OptionsValidationException(CrmOptions.Section, typeof(CrmOptions), ["Crm:SigningSecrets must hold at least one secret."]);
        }
    }

    /// <summary>The webhook-signature header value: "v1,&lt;base64&gt;" per secret, space-separated.</summary>
    public string Sign(string webhookId, DateTimeOffset timestamp, string payload) =>
        string.Join(' ', keys.Select(key => WebhookSignature.Sign(key, webhookId, timestamp, Encoding.UTF8.GetBytes(payload))));
}
