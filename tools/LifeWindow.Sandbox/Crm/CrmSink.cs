using System.Collections.Concurrent;
using System.Net.Mime;
using System.Security.Cryptography;
using System.Text.Json;
using CloudNative.CloudEvents;
using LifeWindow.Integration.Crm;
using LifeWindow.Integration.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace LifeWindow.Sandbox.Crm;

/// <summary>
/// A stand-in for the bank's CRM in the demo, playing the CRM's side of docs/crm-contract.md: it takes
/// structured CloudEvents only, verifies our Standard Webhooks signature with the secrets the CRM would
/// hold (Crm:SigningSecrets), records each lead once per Idempotency-Key (a redelivery is acknowledged and
/// counted as a duplicate) and records withdrawals. Every attempt is counted, so redelivery is visible.
/// </summary>
public sealed class CrmSink
{
    private const int MaxBodyBytes = 1024 * 1024;
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, ReceivedLead> leads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ReceivedWithdrawal> withdrawals = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<StandardWebhook> verifiers;
    private int deliveries;
    private int duplicates;
    private int rejected;

    public CrmSink(IOptions<CrmOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        verifiers = options.Value.SigningSecrets.Select(s => CrmOptions.KeyOf(s)).OfType<byte[]>().Select(key => new StandardWebhook(key)).ToList();
    }

    /// <summary>Every POST that reached the sink, accepted or not.</summary>
    public int Deliveries => deliveries;

    /// <summary>Deliveries whose Idempotency-Key had been recorded already (acknowledged, not stored again).</summary>
    public int Duplicates => duplicates;

    /// <summary>Deliveries refused (bad signature, not a structured CloudEvent, no Idempotency-Key).</summary>
    public int Rejected => rejected;

    /// <summary>The leads (lifewindow.lead.created), once each; <see cref="ReceivedLead.Body"/> is the lead (the event's data).</summary>
    public IReadOnlyList<ReceivedLead> Leads => leads.Values.OrderBy(l => l.ReceivedAt).ToList();

    /// <summary>How many leads <see cref="Leads"/> holds, without copying and sorting them (for callers that poll).</summary>
    public int LeadCount => leads.Count;

    public IReadOnlyList<ReceivedWithdrawal> Withdrawals => withdrawals.Values.OrderBy(w => w.ReceivedAt).ToList();

    public async Task<IResult> ReceiveAsync(HttpRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref deliveries);

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length > MaxBodyBytes)
        {
            return Reject(StatusCodes.Status413PayloadTooLarge, "The event is too large.");
        }

        var body = buffer.ToArray();
        if (Verify(request.Headers, body, now) is { } failure)
        {
            return Reject(StatusCodes.Status401Unauthorized, "The signature does not verify.", failure);
        }

        var idempotencyKey = request.Headers[CrmClient.IdempotencyKeyHeader].ToString();
        if (string.IsNullOrWhiteSpace(idempotencyKey))
        {
            return Reject(StatusCodes.Status400BadRequest, $"The {CrmClient.IdempotencyKeyHeader} header is required.");
        }

        if (request.ContentType is not { } contentType || !contentType.StartsWith(CrmEvents.StructuredContentType, StringComparison.OrdinalIgnoreCase))
        {
            return Reject(StatusCodes.Status415UnsupportedMediaType, $"Send a structured CloudEvent ({CrmEvents.StructuredContentType}).");
        }

        CloudEvent cloudEvent;
        try
        {
            cloudEvent = CrmEvents.Formatter.DecodeStructuredModeMessage(body, new ContentType(contentType), null);
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException or FormatException)
        {
            return Reject(StatusCodes.Status400BadRequest, "Not a valid CloudEvent.", ex.Message);
        }

        if (cloudEvent.Data is not JsonElement data || data.ValueKind != JsonValueKind.Object)
        {
            return Reject(StatusCodes.Status400BadRequest, "The event's data must be a JSON object.");
        }

        bool added;
        switch (cloudEvent.Type)
        {
            case CrmEvents.LeadCreatedType:
                added = leads.TryAdd(idempotencyKey, new ReceivedLead(idempotencyKey, data.Clone(), now) { TraceParent = cloudEvent[CrmEvents.TraceParent.Name] as string });
                break;
            case CrmEvents.LeadWithdrawnType:
                added = withdrawals.TryAdd(idempotencyKey, new ReceivedWithdrawal(idempotencyKey, cloudEvent.Subject ?? string.Empty, data.Clone(), now));
                break;
            default:
                return Reject(StatusCodes.Status400BadRequest, "Unknown event type.", $"This CRM takes {CrmEvents.LeadCreatedType} and {CrmEvents.LeadWithdrawnType}.");
        }

        if (!added)
        {
            Interlocked.Increment(ref duplicates);
            return Results.Ok(new { idempotencyKey, duplicate = true });
        }

        return Results.Created($"/crm-sink/leads/{idempotencyKey}", new { idempotencyKey });
    }

    /// <summary>
    /// Null when the webhook-signature holds a v1 signature that one of our secrets makes. Done by signing
    /// with the StandardWebhooks package and comparing in fixed time rather than with its Verify, because
    /// Verify checks the timestamp against the wall clock (the sink's clock is the host's TimeProvider) and
    /// stops after the first of several space-separated signatures.
    /// </summary>
    private string? Verify(IHeaderDictionary headers, byte[] body, DateTimeOffset now)
    {
        var id = headers[WebhookAuthenticator.IdHeader].ToString();
        var timestamp = headers[WebhookAuthenticator.TimestampHeader].ToString();
        var signatures = headers[WebhookAuthenticator.SignatureHeader].ToString();
        if (id.Length == 0 || timestamp.Length == 0 || signatures.Length == 0)
        {
            return "missing webhook-id, webhook-timestamp or webhook-signature";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return "webhook-timestamp is not Unix seconds";
        }

        var sentAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((now - sentAt).Duration() > Tolerance)
        {
            return "webhook-timestamp is more than 5 minutes away";
        }

        string payload;
        try
        {
            payload = new UTF8Encoding(false, true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return "the body is not UTF-8";
        }

        var offered = signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var verifier in verifiers)
        {
            var expected = Encoding.ASCII.GetBytes(verifier.Sign(id, sentAt, payload));
            if (offered.Any(candidate => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(candidate))))
            {
                return null;
            }
        }

        return "no signature matches our secrets";
    }

    private IResult Reject(int status, string title, string? detail = null)
    {
        Interlocked.Increment(ref rejected);
        return Results.Problem(statusCode: status, title: title, detail: detail);
    }
}

/// <param name="Body">The lead as the CRM got it: the CloudEvent's data.</param>
public sealed record ReceivedLead(string IdempotencyKey, JsonElement Body, DateTimeOffset ReceivedAt)
{
    /// <summary>The event's distributed-tracing <c>traceparent</c>, when it carried one.</summary>
    public string? TraceParent { get; init; }
}

/// <param name="Body">The withdrawal: the CloudEvent's data (leadId, windowId, reason, withdrawnAt).</param>
public sealed record ReceivedWithdrawal(string IdempotencyKey, string LeadId, JsonElement Body, DateTimeOffset ReceivedAt);

public static class CrmSinkEndpoints
{
    public static IEndpointRouteBuilder MapCrmSink(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/crm-sink/leads", (HttpRequest request, CrmSink sink, TimeProvider time, CancellationToken cancellationToken) =>
            sink.ReceiveAsync(request, time.GetUtcNow(), cancellationToken));
        endpoints.MapGet("/crm-sink/leads", (CrmSink sink) => Results.Ok(sink.Leads.Select(l => l.Body)));
        endpoints.MapGet("/crm-sink/withdrawals", (CrmSink sink) => Results.Ok(sink.Withdrawals.Select(w => w.Body)));
        endpoints.MapGet("/crm-sink/stats", (CrmSink sink) => Results.Ok(new { sink.Deliveries, leads = sink.Leads.Count, withdrawals = sink.Withdrawals.Count, sink.Duplicates, sink.Rejected }));
        return endpoints;
    }
}
