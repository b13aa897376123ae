using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace LifeWindow.Integration.Crm;

/// <summary>
/// Signs what we send the CRM with Standard Webhooks, using the StandardWebhooks package's signer
/// (the one that verifies our inbound webhooks). During a rotation there are two secrets and the header
/// carries both signatures, space-separated as the spec allows, so the CRM verifies with whichever it holds.
/// </summary>
public sealed class CrmSigner
{
    private readonly IReadOnlyList<StandardWebhook> signers;

    public CrmSigner(IOptions<CrmOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        signers = options.Value.SigningSecrets
            .Select(secret => new StandardWebhook(CrmOptions.KeyOf(secret) ?? throw new OptionsValidationException(CrmOptions.Section, typeof(CrmOptions), ["Crm:SigningSecrets holds a malformed secret."])))
            .ToList();
        if (signers.Count == 0)
        {
            throw new OptionsValidationException(CrmOptions.Section, typeof(CrmOptions), ["Crm:SigningSecrets must hold at least one secret."]);
        }
    }

    /// <summary>The webhook-signature header value: "v1,&lt;base64&gt;" per secret, space-separated.</summary>
    public string Sign(string webhookId, DateTimeOffset timestamp, string payload) =>
        string.Join(' ', signers.Select(s => s.Sign(webhookId, timestamp, payload)));
}
