using System.Net.Http.Headers;
using StandardWebhooks;

namespace LifeWindow.Sandbox.Partners;

/// <summary>Sends Standard Webhooks-signed requests, as a partner would.</summary>
public sealed class WebhookSender(HttpClient http, string secret, TimeProvider time)
{
    private readonly StandardWebhook signer = new(secret);

    public static string Envelope(string type, JsonNode data, DateTimeOffset timestamp) => new JsonObject
    {
        ["type"] = type,
        ["timestamp"] = timestamp.ToString("O", CultureInfo.InvariantCulture),
        ["data"] = data.DeepClone(),
    }.ToJsonString();

    public async Task<HttpResponseMessage> SendAsync(string path, string webhookId, string body, DateTimeOffset? signedAt = null, CancellationToken cancellationToken = default)
    {
        using var request = Sign(path, webhookId, body, signedAt ?? time.GetUtcNow());
        return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public HttpRequestMessage Sign(string path, string webhookId, string body, DateTimeOffset signedAt)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("webhook-id", webhookId);
        request.Headers.Add("webhook-timestamp", signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", signer.Sign(webhookId, signedAt, body));
        return request;
    }
}
