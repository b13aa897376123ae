using System.Globalization;
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
/// </summary>
public sealed class WebhookAuthenticator
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    private readonly IReadOnlyList<(string Partner, string Scope, StandardWebhook Verifier)> verifiers;
    private readonly TimeSpan tolerance;
    private readonly TimeProvider time;

    public WebhookAuthenticator(IOptions<WebhookOptions> options, TimeProvider time)
    {
        this.time = time;
        tolerance = TimeSpan.FromSeconds(options.Value.TimestampToleranceSeconds);
        verifiers = options.Value.Partners
            .SelectMany(p => p.Value.Scopes.SelectMany(scope => p.Value.Secrets.Select(secret => (p.Key, scope, new StandardWebhook(secret)))))
            .ToList();
    }

    public WebhookAuthentication Authenticate(string scope, IHeaderDictionary headers, string body)
    {
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

        foreach (var (partner, allowedScope, verifier) in verifiers)
        {
            if (!string.Equals(allowedScope, scope, StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                verifier.Verify(body, headers);
                return new WebhookAuthentication(true, partner, id, null);
            }
            catch (WebhookVerificationException)
            {
                // Not this partner's secret; try the next one.
            }
        }

        return WebhookAuthentication.Fail("signature does not match any secret of a partner allowed on this endpoint");
    }
}

public sealed record WebhookAuthentication(bool Succeeded, string? Partner, string? WebhookId, string? Failure)
{
    public static WebhookAuthentication Fail(string reason) => new(false, null, null, reason);
}
