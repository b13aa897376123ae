using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace LifeWindow.Functions.Tests;

/// <summary>
/// Signs a body's bytes as the Standard Webhooks spec says (HMAC-SHA256 over "{id}.{timestamp}." + body),
/// written here from the spec rather than through the library, so bodies that are not UTF-8 can be signed.
/// </summary>
internal sealed class RawSigner(HttpClient http, string secret)
{
    public static RawSigner Partner(RunningHost host, string partner) =>
        new(host.Http, host.Get<IOptions<WebhookOptions>>().Value.Partners[partner].Secrets[0]);

    public async Task<HttpResponseMessage> SendAsync(string path, string webhookId, byte[] body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, (byte[])[.. Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}."), .. body]));
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", webhookId);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", $"v1,{signature}");
        return await http.SendAsync(request);
    }

    public Task<HttpResponseMessage> SendAsync(string path, string webhookId, string body) => SendAsync(path, webhookId, Encoding.UTF8.GetBytes(body));
}
