using System.ComponentModel.DataAnnotations;
using System.Net.Http.Json;
using LifeWindow.Domain.Leads;
using LifeWindow.Integration.Serialization;

namespace LifeWindow.Integration.Crm;

public sealed class CrmOptions
{
    public const string Section = "Crm";

    /// <summary>Base URL of the bank CRM's lead API; leads are POSTed to "{BaseUrl}leads".</summary>
    [Required]
    public Uri? BaseUrl { get; set; }
}

/// <summary>
/// Typed HttpClient for the bank's CRM. Registered with the standard resilience handler (retry,
/// circuit breaker, timeouts); retrying a POST is safe because the lead id is sent as the
/// Idempotency-Key, so the CRM records a lead once however often it arrives.
/// </summary>
public sealed class CrmClient(HttpClient http)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public async Task<CrmReceipt> DeliverLeadAsync(Lead lead, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "leads")
        {
            Content = JsonContent.Create(lead, options: LifeWindowJson.Options),
        };
        request.Headers.Add(IdempotencyKeyHeader, lead.LeadId);

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new CrmDeliveryException($"The CRM refused lead {lead.LeadId} with {(int)response.StatusCode}: {Truncate(detail)}", (int)response.StatusCode);
        }

        return new CrmReceipt(lead.LeadId, (int)response.StatusCode);
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
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

    public int StatusCode { get; }
}
