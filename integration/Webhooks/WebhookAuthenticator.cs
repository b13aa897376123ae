namespace LifeWindow.Integration.Webhooks;

/// <summary>
/// Verifies Standard Webhooks signatures (webhook-id, webhook-timestamp, webhook-signature) over the body's bytes as
/// received (<see cref="WebhookSignature"/>). The partner is whoever's secret verifies the signature among the
/// partners allowed on the scope. The timestamp tolerance is checked against <see cref="TimeProvider"/>
/// (configurable and testable). Headers come as a plain dictionary, names case-insensitive.
/// </summary>
public sealed class WebhookAuthenticator
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    private readonly IReadOnlyList<(string Partner, string Scope, byte[] Key)> verifiers;
    private readonly TimeSpan tolerance;
    private readonly TimeProvider time;

    public WebhookAuthenticator(IOptions<WebhookOptions> options, TimeProvider time)
    {
        this.time = time;
        tolerance = TimeSpan.FromSeconds(options.Value.TimestampToleranceSeconds);
        verifiers = options.Value.Partners
            .SelectMany(p => p.Value.Scopes.SelectMany(scope => p.Value.Secrets.Select(secret => (p.Key, scope, WebhookSignature.KeyOf(secret)))))
            .ToList();
    }

    /// <summary>The headers a signature needs; the caller hands them over as a dictionary (names case-insensitive).</summary>
    public static IReadOnlyList<string> HeaderNames { get; } = [IdHeader, TimestampHeader, SignatureHeader];

    /// <summary>Who signed <paramref name="body"/> (its bytes as received), among the partners allowed on <paramref name="scope"/>.</summary>
    public WebhookAuthentication Authenticate(string scope, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var id = headers.GetValueOrDefault(IdHeader) ?? string.Empty;
        var timestamp = headers.GetValueOrDefault(TimestampHeader) ?? string.Empty;
        var signatures = headers.GetValueOrDefault(SignatureHeader) ?? string.Empty;
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures))
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

        foreach (var (partner, allowedScope, key) in verifiers)
        {
            if (string.Equals(allowedScope, scope, StringComparison.Ordinal) && WebhookSignature.Verify(key, id, timestamp, body.Span, signatures))
            {
                return new WebhookAuthentication(true, partner, id, null);
            }
        }

        return WebhookAuthentication.Fail("signature does not match any secret of a partner allowed on this endpoint");
    }
}

public sealed record WebhookAuthentication(bool Succeeded, string? Partner, string? WebhookId, string? Failure)
{
    public static WebhookAuthentication Fail(string reason) => new(false, null, null, reason);
}
