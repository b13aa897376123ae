using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace LifeWindow.Integration.Webhooks;

/// <summary>
/// Verifies Standard Webhooks signatures (webhook-id, webhook-timestamp, webhook-signature). The
/// partner is whoever's secret verifies the signature among the partners allowed on the scope.
/// The timestamp tolerance is checked here against <see cref="TimeProvider"/> (so it is configurable
/// and testable); the StandardWebhooks library then checks its own fixed 5 minutes on the wall clock.
/// The signature is over the body's bytes. The library takes the body as text, which is exact for every
/// UTF-8 body; a body that is not UTF-8 has no such text, so it is verified here over its bytes (the same
/// HMAC-SHA256 the spec defines) — so that a signed but unreadable delivery is answered 400 and kept as
/// a dead letter, while an unsigned one is refused (401) before anything is stored.
/// </summary>
public sealed class WebhookAuthenticator
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    private readonly IReadOnlyList<(string Partner, string Scope, StandardWebhook Verifier, byte[] Key)> verifiers;
    private readonly TimeSpan tolerance;
    private readonly TimeProvider time;

    public WebhookAuthenticator(IOptions<WebhookOptions> options, TimeProvider time)
    {
        this.time = time;
        tolerance = TimeSpan.FromSeconds(options.Value.TimestampToleranceSeconds);
        verifiers = options.Value.Partners
            .SelectMany(p => p.Value.Scopes.SelectMany(scope => p.Value.Secrets.Select(secret => (p.Key, scope, new StandardWebhook(secret), Key(secret)))))
            .ToList();
    }

    public WebhookAuthentication Authenticate(string scope, IHeaderDictionary headers, string body) =>
        Authenticate(scope, headers, verifier => TryVerify(verifier, body, headers));

    /// <summary>For a body that is not UTF-8 (no text to hand the library): the same signature, over the bytes.</summary>
    public WebhookAuthentication Authenticate(string scope, IHeaderDictionary headers, ReadOnlyMemory<byte> body) =>
        Authenticate(scope, headers, key => VerifyBytes(key, headers, body.Span));

    private WebhookAuthentication Authenticate(string scope, IHeaderDictionary headers, Func<(StandardWebhook Verifier, byte[] Key), bool> verify)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var id = headers[IdHeader].ToString();
        var timestamp = headers[TimestampHeader].ToString();
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(headers[SignatureHeader].ToString()))
        {
            return WebhookAuthentication.Fail($"missing one of the {IdHeader}, {TimestampHeader}, {SignatureHeader} headers");
        }

        if (id.Length > 256)
        {
            return WebhookAuthentication.Fail($"{IdHeader} is longer than 256 characters");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return WebhookAuthentication.Fail($"{TimestampHeader} must be Unix seconds");
        }

        var skew = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (skew.Duration() > tolerance)
        {
            return WebhookAuthentication.Fail($"{TimestampHeader} is outside the {tolerance.TotalMinutes:0} minute tolerance");
        }

        foreach (var (partner, allowedScope, verifier, key) in verifiers)
        {
            if (string.Equals(allowedScope, scope, StringComparison.Ordinal) && verify((verifier, key)))
            {
                return new WebhookAuthentication(true, partner, id, null);
            }
        }

        return WebhookAuthentication.Fail("signature does not match any secret of a partner allowed on this endpoint");
    }

    private static bool TryVerify((StandardWebhook Verifier, byte[] Key) secret, string body, IHeaderDictionary headers)
    {
        try
        {
            secret.Verifier.Verify(body, headers);
            return true;
        }
        catch (WebhookVerificationException)
        {
            // Not this partner's secret; try the next one.
            return false;
        }
    }

    /// <summary>Standard Webhooks v1: base64(HMAC-SHA256(key, "{id}.{timestamp}." + body)), any of the space-separated "v1,…" signatures.</summary>
    private static bool VerifyBytes((StandardWebhook Verifier, byte[] Key) secret, IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{headers[IdHeader]}.{headers[TimestampHeader]}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(HMACSHA256.HashData(secret.Key, signed)));
        foreach (var signature in headers[SignatureHeader].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (signature.StartsWith("v1,", StringComparison.Ordinal)
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature[3..]), expected))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The key of a "whsec_" + base64 secret (validated at start-up by <see cref="WebhookOptions"/>).</summary>
    private static byte[] Key(string secret) =>
        Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
}

public sealed record WebhookAuthentication(bool Succeeded, string? Partner, string? WebhookId, string? Failure)
{
    public static WebhookAuthentication Fail(string reason) => new(false, null, null, reason);
}
