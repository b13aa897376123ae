using System.Collections.Concurrent;
using System.Text.Json;
using LifeWindow.Integration.Crm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LifeWindow.LocalHost.CrmSink;

/// <summary>
/// A stand-in for the bank's CRM in the demo: records each lead once per Idempotency-Key and counts
/// every delivery attempt, so redelivery behaviour is visible.
/// </summary>
public sealed class CrmSink
{
    private readonly ConcurrentDictionary<string, ReceivedLead> leads = new(StringComparer.Ordinal);
    private int deliveries;

    public int Deliveries => deliveries;

    public IReadOnlyList<ReceivedLead> Leads => leads.Values.OrderBy(l => l.ReceivedAt).ToList();

    public IResult Receive(string? idempotencyKey, JsonElement lead, DateTimeOffset now)
    {
        Interlocked.Increment(ref deliveries);
        if (string.IsNullOrWhiteSpace(idempotencyKey))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"The {CrmClient.IdempotencyKeyHeader} header is required.");
        }

        var added = leads.TryAdd(idempotencyKey, new ReceivedLead(idempotencyKey, lead.Clone(), now));
        return added ? Results.Created($"/crm-sink/leads/{idempotencyKey}", new { idempotencyKey }) : Results.Ok(new { idempotencyKey, duplicate = true });
    }
}

public sealed record ReceivedLead(string IdempotencyKey, JsonElement Body, DateTimeOffset ReceivedAt);

public static class CrmSinkEndpoints
{
    public static IEndpointRouteBuilder MapCrmSink(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/crm-sink/leads", (HttpRequest request, JsonElement lead, CrmSink sink, TimeProvider time) =>
            sink.Receive(request.Headers[CrmClient.IdempotencyKeyHeader].ToString(), lead, time.GetUtcNow()));
        endpoints.MapGet("/crm-sink/leads", (CrmSink sink) => Results.Ok(sink.Leads.Select(l => l.Body)));
        return endpoints;
    }
}
