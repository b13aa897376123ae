namespace LifeWindow.Integration.Webhooks;

/// <summary>
/// Standard Webhooks v1 signatures: base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}." + body bytes)),
/// prefixed "v1,"; a header may carry several, space-separated (secret rotation). Written here rather than taken from
/// the StandardWebhooks package, which takes the body as text and the headers as ASP.NET Core's IHeaderDictionary:
/// this works on the bytes as received (a body that is not UTF-8 is still verified, so a signed unreadable delivery is
/// kept as a dead letter) and keeps ASP.NET Core out of integration. The tests check it against the package both ways
/// (the package signs, this verifies; this signs, the package verifies).
/// </summary>
public static class WebhookSignature
{
    /// <summary>The key of a "whsec_" + base64 secret (or of the bare base64).</summary>
    public static byte[] KeyOf(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
    }

    /// <summary>The "v1,…" signature of <paramref name="body"/> sent as <paramref name="webhookId"/> at <paramref name="timestamp"/>.</summary>
    public static string Sign(byte[] key, string webhookId, DateTimeOffset timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Content(webhookId, timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), body)));

    /// <summary>Whether any of the space-separated <paramref name="signatures"/> is <paramref name="key"/>'s, compared in fixed time.</summary>
    public static bool Verify(byte[] key, string webhookId, string timestamp, ReadOnlySpan<byte> body, string signatures)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(HMACSHA256.HashData(key, Content(webhookId, timestamp, body))));
        foreach (var signature in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (signature.StartsWith("v1,", StringComparison.Ordinal)
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature[3..]), expected))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Content(string webhookId, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return content;
    }
}
