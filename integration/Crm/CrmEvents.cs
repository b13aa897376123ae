using System.Net.Mime;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;

namespace LifeWindow.Integration.Crm;

/// <summary>
/// The CloudEvents (1.0, structured mode) we send the CRM; docs/crm-contract.md describes them and
/// docs/schemas/ holds the JSON Schema of each event's data. Event ids are deterministic, so a redelivery
/// carries the id the CRM has already seen.
/// </summary>
public static class CrmEvents
{
    public const string LeadCreatedType = "lifewindow.lead.created";
    public const string LeadWithdrawnType = "lifewindow.lead.withdrawn";
    public const string LeadCreatedSchema = "urn:lifewindow:schemas:crm:lead-created:v1";
    public const string LeadWithdrawnSchema = "urn:lifewindow:schemas:crm:lead-withdrawn:v1";
    public const string StructuredContentType = "application/cloudevents+json";

    /// <summary>Data is written with the same options as everything else we send (camelCase, enums as names).</summary>
    public static readonly JsonEventFormatter Formatter = new(LifeWindowJson.Options, default);

    /// <summary>
    /// The CloudEvents distributed-tracing extension (W3C <c>traceparent</c>): the trace of the webhook that led to the event.
    /// The C# SDK ships no type for it, so it is declared here as the spec defines it (a string attribute).
    /// </summary>
    public static readonly CloudEventAttribute TraceParent = CloudEventAttribute.CreateExtension("traceparent", CloudEventAttributeType.String);

    public static string LeadCreatedId(string leadId) => leadId;

    public static string LeadWithdrawnId(string leadId) => leadId + ":withdrawn";

    public static CloudEvent LeadCreated(Lead lead, Uri source)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return Create(LeadCreatedId(lead.LeadId), LeadCreatedType, LeadCreatedSchema, source, lead.LeadId, lead.CreatedAt, lead);
    }

    public static CloudEvent LeadWithdrawn(Lead lead, string reason, DateTimeOffset withdrawnAt, Uri source)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return Create(LeadWithdrawnId(lead.LeadId), LeadWithdrawnType, LeadWithdrawnSchema, source, lead.LeadId, withdrawnAt, new LeadWithdrawal(lead.LeadId, lead.WindowId, reason, withdrawnAt));
    }

    /// <summary>The exact bytes sent (and signed): the structured-mode JSON of the event.</summary>
    public static ReadOnlyMemory<byte> Encode(CloudEvent cloudEvent) => Formatter.EncodeStructuredModeMessage(cloudEvent, out _);

    private static CloudEvent Create(string id, string type, string schema, Uri source, string subject, DateTimeOffset time, object data)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0, [TraceParent])
        {
            Id = id,
            Type = type,
            Source = source,
            Subject = subject,
            Time = time,
            DataSchema = new Uri(schema),
            DataContentType = MediaTypeNames.Application.Json,
            Data = data,
        };
        if (LifeWindowTelemetry.CurrentTraceParent is { } traceParent)
        {
            cloudEvent[TraceParent] = traceParent;
        }

        return cloudEvent;
    }
}

/// <summary>The data of <see cref="CrmEvents.LeadWithdrawnType"/>: the window closed under a lead the CRM holds; stop pursuing it.</summary>
public sealed record LeadWithdrawal(string LeadId, string WindowId, string Reason, DateTimeOffset WithdrawnAt);
