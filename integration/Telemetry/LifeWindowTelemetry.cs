using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace LifeWindow.Integration.Telemetry;

/// <summary>
/// LifeWindow's traces and metrics, through the .NET diagnostics API that OpenTelemetry listens to (one
/// <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named <see cref="Name"/>; docs/observability.md).
/// One trace runs from the webhook to the CRM: ingress puts the W3C traceparent of its span on every record
/// (<see cref="FeedMessage.TraceParent"/>), the fold continues that trace per customer, a window's workflow is started
/// inside it and carries it in its input, the lead's outbox entry keeps it, and the delivery sends it as the CloudEvent's
/// <c>traceparent</c>. Dimensions are bounded and never identify a person: feed, partner, rule, state, result, workflow.
/// </summary>
public static class LifeWindowTelemetry
{
    public const string Name = "LifeWindow";

    public static readonly ActivitySource Source = new(Name, typeof(LifeWindowTelemetry).Assembly.GetName().Version?.ToString());

    public static readonly Meter Meter = new(Name, typeof(LifeWindowTelemetry).Assembly.GetName().Version?.ToString());

    private static readonly Counter<long> Accepted = Meter.CreateCounter<long>("lifewindow.records.accepted", "{record}", "Records accepted at ingress and published to the feed stream.");
    private static readonly Counter<long> Rejected = Meter.CreateCounter<long>("lifewindow.records.rejected", "{record}", "Records rejected at ingress (each kept as a dead letter).");
    private static readonly Counter<long> Folded = Meter.CreateCounter<long>("lifewindow.records.folded", "{record}", "Records folded into profiles by the stream consumer (a redelivery counts again).");
    private static readonly Counter<long> Opened = Meter.CreateCounter<long>("lifewindow.windows.opened", "{window}", "Life-event windows opened.");
    private static readonly Counter<long> Closed = Meter.CreateCounter<long>("lifewindow.windows.closed", "{window}", "Windows suppressed or superseded under their workflow.");
    private static readonly Counter<long> Started = Meter.CreateCounter<long>("lifewindow.workflows.started", "{workflow}", "Offer workflows scheduled (a start of one that runs is not counted).");
    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>("lifewindow.leads.deliveries", "{attempt}", "Lead events sent to the CRM, by its answer (Delivered, Transient, Permanent), and entries expired undelivered.");
    private static readonly Counter<long> WorkItems = Meter.CreateCounter<long>("lifewindow.durable.work_items", "{item}", "Orchestration episodes and activity executions this worker ran (local host; the Functions host reports its own).");
    private static readonly Counter<long> SetAside = Meter.CreateCounter<long>("lifewindow.feed_stream.set_aside", "{message}", "Feed-stream messages set aside on the poison queue after their last attempt.");

    /// <summary>A span as a child of a W3C traceparent carried in data (a record, a workflow input, an outbox entry); an ambient parent when there is none.</summary>
    public static Activity? StartActivity(string name, ActivityKind kind, string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);

    /// <summary>The current span's W3C traceparent, to carry in data to the next step; null when nothing listens.</summary>
    public static string? CurrentTraceParent => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    public static void RecordsJudged(string feed, int accepted, int rejected)
    {
        var tag = new KeyValuePair<string, object?>("lifewindow.feed", feed);
        if (accepted > 0)
        {
            Accepted.Add(accepted, tag);
        }

        if (rejected > 0)
        {
            Rejected.Add(rejected, tag);
        }
    }

    public static void RecordFolded(string feed) => Folded.Add(1, new KeyValuePair<string, object?>("lifewindow.feed", feed));

    public static void WindowOpened(string ruleId) => Opened.Add(1, new KeyValuePair<string, object?>("lifewindow.rule", ruleId));

    public static void WindowClosed(string ruleId, WindowState state) =>
        Closed.Add(1, new("lifewindow.rule", ruleId), new("lifewindow.window.state", state.ToString()));

    public static void WorkflowStarted(string workflow) => Started.Add(1, new KeyValuePair<string, object?>("lifewindow.workflow", workflow));

    public static void LeadDeliveryAttempted(string kind, string result) =>
        Deliveries.Add(1, new("lifewindow.lead.event", kind), new("lifewindow.result", result));

    public static void DurableWorkItem(string kind) => WorkItems.Add(1, new KeyValuePair<string, object?>("lifewindow.durable.kind", kind));

    public static void MessageSetAside(string transport) => SetAside.Add(1, new KeyValuePair<string, object?>("lifewindow.transport", transport));
}
