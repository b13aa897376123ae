using System.Net;

namespace LifeWindow.Integration.Pulls;

/// <summary>One page of a partner's records, as the pull contract defines it (docs/scheduled-pulls.md).</summary>
public sealed record PulledPage(IReadOnlyList<JsonElement> Records, string? NextCursor, bool HasMore);

/// <summary>
/// Typed HttpClient for a partner's pull API: GET {BaseUrl}records?limit=&lt;n&gt;[&amp;cursor=&lt;opaque&gt;] with the API
/// key header. One named client per pulled feed, each with the standard resilience handler (retries on
/// 5xx/408/429 honouring Retry-After, circuit breaker, timeouts) and, inside it, a token-bucket rate
/// limiter, so every attempt — retries included — is paced. GET is safe to retry.
/// </summary>
public sealed class PartnerPullClient(HttpClient http)
{
    public const string RecordsPath = "records";

    /// <summary>A page larger than this is refused rather than buffered.</summary>
    public const long MaxPageBytes = 32L * 1024 * 1024;

    public static string HttpClientName(string job) => "pull-" + job;

    public async Task<PulledPage> FetchAsync(string? cursor, int limit, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"{RecordsPath}?limit={limit}");
        if (cursor is not null)
        {
            query += "&cursor=" + Uri.EscapeDataString(cursor);
        }

        using var response = await http.GetAsync(new Uri(query, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new PartnerPullException($"The partner answered {(int)response.StatusCode} for the page at cursor {Describe(cursor)}: {Truncate(body)}", response.StatusCode);
        }

        return Parse(body, cursor);
    }

    /// <summary>Reads a page body; anything but {"records": [...], "nextCursor": string|null, "hasMore": bool} is a protocol error.</summary>
    public static PulledPage Parse(string body, string? cursor)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new PartnerPullException($"The page at cursor {Describe(cursor)} is not JSON: {ex.Message}", ex);
        }

        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("records", out var records) || records.ValueKind != JsonValueKind.Array
            || !root.TryGetProperty("hasMore", out var hasMore) || hasMore.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw new PartnerPullException($"The page at cursor {Describe(cursor)} must be an object with \"records\" (array) and \"hasMore\" (boolean).");
        }

        string? next = null;
        if (root.TryGetProperty("nextCursor", out var nextCursor) && nextCursor.ValueKind != JsonValueKind.Null)
        {
            next = nextCursor.ValueKind == JsonValueKind.String && nextCursor.GetString() is { Length: > 0 } text
                ? text
                : throw new PartnerPullException($"The page at cursor {Describe(cursor)} has a \"nextCursor\" that is not a non-empty string.");
        }

        if (hasMore.GetBoolean() && (next is null || next == cursor))
        {
            // Following it would fetch the same page for ever.
            throw new PartnerPullException($"The page at cursor {Describe(cursor)} says hasMore but gives no new nextCursor.");
        }

        return new PulledPage(records.EnumerateArray().ToList(), next, hasMore.GetBoolean());
    }

    private static string Describe(string? cursor) => cursor is null ? "(start)" : Truncate(cursor, 80);

    private static string Truncate(string text, int max = 300) => text.Length <= max ? text : text[..max] + "…";
}

/// <summary>The partner refused a page (after the resilience handler's retries) or broke the pull contract.</summary>
public sealed class PartnerPullException : Exception
{
    public PartnerPullException(string message, HttpStatusCode statusCode)
        : base(message) => StatusCode = statusCode;

    public PartnerPullException()
    {
    }

    public PartnerPullException(string message)
        : base(message)
    {
    }

    public PartnerPullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The partner's HTTP status; null for a contract violation in a 200 response.</summary>
    public HttpStatusCode? StatusCode { get; }
}
