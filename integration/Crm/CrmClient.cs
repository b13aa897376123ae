using System.Net;
using System.Net.Http.Headers;
using CloudNative.CloudEvents;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace LifeWindow.Integration.Crm;

/// <summary>What became of one delivery attempt; the outbox acts on <see cref="Status"/>.</summary>
public enum CrmDeliveryStatus
{
    /// <summary>The CRM answered 2xx: it holds the event (a redelivery is acknowledged the same way).</summary>
    Delivered,

    /// <summary>408, 425, 429, 5xx, no connection or a timeout: try again later (after <c>RetryAfter</c> when given).</summary>
    Transient,

    /// <summary>Any other 4xx: the CRM refuses this event; sending it again will not help. Park it for an operator.</summary>
    Permanent,
}

/// <param name="StatusCode">The CRM's HTTP status; null when no answer came (connection failure, timeout, open circuit).</param>
/// <param name="RetryAfter">From the CRM's Retry-After header (or the open circuit's break), for Transient results.</param>
/// <param name="Reason">Why it was not delivered: the status and the CRM's own words (problem details title/detail), truncated.</param>
public sealed record CrmDeliveryResult(CrmDeliveryStatus Status, int? StatusCode, TimeSpan? RetryAfter, string? Reason);

/// <summary>
/// Typed HttpClient for the bank's CRM. Each lead event goes out as a structured CloudEvent signed with
/// Standard Webhooks and carrying an Idempotency-Key, so the CRM records it once however often it arrives.
/// Every HTTP outcome comes back as a <see cref="CrmDeliveryResult"/>; only the caller's cancellation throws.
/// Retrying over minutes and hours is the outbox's job, not this client's (see <see cref="CrmServiceExtensions"/>).
/// </summary>
public sealed partial class CrmClient(HttpClient http, CrmSigner signer, IOptions<CrmOptions> options, TimeProvider time, ILogger<CrmClient> logger)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxReasonLength = 300;

    public Task<CrmDeliveryResult> SendLeadCreatedAsync(Lead lead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return SendAsync(CrmEvents.LeadCreated(lead, options.Value.EventSource), cancellationToken);
    }

    public Task<CrmDeliveryResult> SendLeadWithdrawnAsync(Lead lead, string reason, DateTimeOffset withdrawnAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return SendAsync(CrmEvents.LeadWithdrawn(lead, reason, withdrawnAt, options.Value.EventSource), cancellationToken);
    }

    /// <summary>
    /// The lead-created event, throwing <see cref="CrmDeliveryException"/> unless it was delivered. Kept for the
    /// offer workflow's DeliverLeadActivity until the outbox dispatcher (which acts on the result) replaces it.
    /// </summary>
    public async Task<CrmReceipt> DeliverLeadAsync(Lead lead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var result = await SendLeadCreatedAsync(lead, cancellationToken).ConfigureAwait(false);
        return result.Status == CrmDeliveryStatus.Delivered
            ? new CrmReceipt(lead.LeadId, result.StatusCode ?? 0)
            : throw new CrmDeliveryException($"The CRM did not take lead {lead.LeadId} ({result.Status}): {result.Reason}", result.StatusCode ?? 0) { Result = result };
    }

    private async Task<CrmDeliveryResult> SendAsync(CloudEvent cloudEvent, CancellationToken cancellationToken)
    {
        var id = cloudEvent.Id!;
        var body = CrmEvents.Encode(cloudEvent);
        var timestamp = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());

        using var request = new HttpRequestMessage(HttpMethod.Post, "leads") { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(CrmEvents.StructuredContentType) { CharSet = "utf-8" };
        request.Headers.Add(IdempotencyKeyHeader, id);
        request.Headers.Add(WebhookAuthenticator.IdHeader, id);
        request.Headers.Add(WebhookAuthenticator.TimestampHeader, timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookAuthenticator.SignatureHeader, signer.Sign(id, timestamp, Encoding.UTF8.GetString(body.Span)));

        CrmDeliveryResult result;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            result = await ClassifyAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (HttpRequestException ex)
        {
            result = new CrmDeliveryResult(CrmDeliveryStatus.Transient, null, null, Truncate("no answer from the CRM: " + ex.Message));
        }
        catch (TimeoutRejectedException ex)
        {
            result = new CrmDeliveryResult(CrmDeliveryStatus.Transient, null, null, $"the CRM did not answer within {ex.Timeout.TotalSeconds:0.#} s");
        }
        catch (BrokenCircuitException ex)
        {
            result = new CrmDeliveryResult(CrmDeliveryStatus.Transient, null, ex.RetryAfter, "the circuit to the CRM is open after repeated failures");
        }
        catch (OperationCanceledException)
        {
            // Not the caller's token: HttpClient.Timeout or a handler gave up waiting.
            result = new CrmDeliveryResult(CrmDeliveryStatus.Transient, null, null, "the request to the CRM timed out");
        }

        LogResult(cloudEvent.Type!, id, result.Status, result.StatusCode);
        return result;
    }

    private async Task<CrmDeliveryResult> ClassifyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var code = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return new CrmDeliveryResult(CrmDeliveryStatus.Delivered, code, null, null);
        }

        var reason = $"{code} {response.ReasonPhrase}".TrimEnd();
        if (await ReadDetailAsync(response, cancellationToken).ConfigureAwait(false) is { Length: > 0 } detail)
        {
            reason += ": " + detail;
        }

        return IsTransient(response.StatusCode)
            ? new CrmDeliveryResult(CrmDeliveryStatus.Transient, code, RetryAfterOf(response, time.GetUtcNow()), Truncate(reason))
            : new CrmDeliveryResult(CrmDeliveryStatus.Permanent, code, null, Truncate(reason));
    }

    internal static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status == 425 || (int)status >= 500;

    /// <summary>Retry-After as delta-seconds or an HTTP-date (relative to <paramref name="now"/>, never negative); null when absent.</summary>
    internal static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>The CRM's own words: problem details' title and detail when it sends them, else the start of the body.</summary>
    private static async Task<string?> ReadDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or InvalidOperationException)
        {
            return null; // The status already says what we need; a body we cannot read is no reason to fail.
        }

        if (string.Equals(response.Content.Headers.ContentType?.MediaType, "application/problem+json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var problem = JsonDocument.Parse(body);
                var title = Text(problem.RootElement, "title");
                var detail = Text(problem.RootElement, "detail");
                if (title is not null || detail is not null)
                {
                    return title is not null && detail is not null ? $"{title} {detail}" : title ?? detail;
                }
            }
            catch (JsonException)
            {
                // Not the problem details it claims to be: fall back to the raw text.
            }
        }

        return body.Trim();
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    private static string Truncate(string text) => text.Length <= MaxReasonLength ? text : text[..MaxReasonLength] + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "CRM event {EventType} {EventId}: {Status} ({StatusCode})")]
    private partial void LogResult(string eventType, string eventId, CrmDeliveryStatus status, int? statusCode);
}

public sealed record CrmReceipt(string LeadId, int StatusCode);

public sealed class CrmDeliveryException : Exception
{
    public CrmDeliveryException(string message, int statusCode)
        : base(message) => StatusCode = statusCode;

    public CrmDeliveryException()
    {
    }

    public CrmDeliveryException(string message)
        : base(message)
    {
    }

    public CrmDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The CRM's status; 0 when no answer came.</summary>
    public int StatusCode { get; }

    public CrmDeliveryResult? Result { get; init; }
}
