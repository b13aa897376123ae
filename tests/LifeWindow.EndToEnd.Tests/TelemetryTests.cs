using System.Diagnostics;
using LifeWindow.Demo;
using LifeWindow.Integration.Telemetry;
using LifeWindow.Sandbox.Crm;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LifeWindow.EndToEnd.Tests;

/// <summary>The telemetry test runs alone: the ActivitySource and Meter are process-wide, so another test's host would add to what it captures.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry (alone)";
}

/// <summary>
/// The demo's whole path on the embedded default with OpenTelemetry's in-memory exporters in the host: one trace from the
/// webhook to the lead's CloudEvent, the counters and gauges the docs name, and no raw identifier in any span, log record or
/// metric dimension exported.
/// </summary>
[Collection(TelemetryCollection.Name)]
public class TelemetryTests
{
    [Fact]
    public async Task DemoPath_WithExporters_OneTraceFromWebhookToCloudEventAndNoRawIdentifierExported()
    {
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        var logs = new LogCapture();
        await using var host = await RunningHost.StartAsync(
            overrides: new Dictionary<string, string?>(DemoRunner.HostSettings) { ["Telemetry:GaugeRefreshSeconds"] = "5", ["Logging:OpenTelemetry:LogLevel:Default"] = "Debug" },
            configureServices: services => services.AddOpenTelemetry()
                .WithTracing(t => t.AddInMemoryExporter(spans))
                .WithMetrics(m => m.AddInMemoryExporter(metrics))
                .WithLogging(l => l.AddProcessor(logs)));
        var report = await EndToEndPath.RunAsync(host);

        // Every lead the CRM took carries a traceparent whose trace began at ingress and runs through the fold, the
        // workflow's start, the outbox and the delivery; for a webhook, the trace's root is the HTTP request.
        host.Get<TracerProvider>().ForceFlush();
        var sink = host.Get<CrmSink>();
        Assert.Equal(15, sink.Leads.Count);
        var traces = spans.ToLookup(s => s.TraceId.ToHexString());
        foreach (var lead in sink.Leads)
        {
            Assert.True(ActivityContext.TryParse(lead.TraceParent, null, out var context), $"lead {lead.IdempotencyKey} has no traceparent");
            var trace = traces[context.TraceId.ToHexString()].Select(s => s.OperationName).ToHashSet(StringComparer.Ordinal);
            Assert.Superset(new HashSet<string>(["lifewindow.ingest", "lifewindow.evaluate", "lifewindow.workflow.start", "lifewindow.lead.enqueue", "lifewindow.lead.deliver"]), trace);
            Assert.Contains(spans, s => s.SpanId == context.SpanId && s.OperationName == "lifewindow.lead.deliver");
        }

        var fromWebhook = sink.Leads.Select(l => traces[ActivityContext.Parse(l.TraceParent!, null).TraceId.ToHexString()])
            .Where(t => t.Any(s => s.Kind == ActivityKind.Server && s.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn" && s.GetTagItem("http.route") is "/api/feeds/{feed}"))
            .ToList();
        Assert.NotEmpty(fromWebhook);
        Assert.All(fromWebhook, t => Assert.Single(t, s => s.Parent is null && s.ParentSpanId == default));

        // The counters: records per feed, windows per rule, deliveries by result.
        await WaitForGaugesAsync(host, report.Windows.Count, sink.Deliveries);
        host.Get<MeterProvider>().ForceFlush();
        long Sum(string name, string? tag = null, string? value = null) => metrics.Where(m => m.Name == name)
            .GroupBy(m => m.Name).Select(g => g.Last()).SelectMany(m => m.MetricPoints)
            .Where(p => tag is null || Tags(p).GetValueOrDefault(tag) == value)
            .Sum(p => p.GetSumLong());
        Assert.Equal(report.Windows.Count, Sum("lifewindow.windows.opened"));
        Assert.Equal(report.Windows.Count(w => w.RuleId == "HomeEquity"), Sum("lifewindow.windows.opened", "lifewindow.rule", "HomeEquity"));
        Assert.True(Sum("lifewindow.records.accepted", "lifewindow.feed", "provident-fund") >= report.LifeEventProvidentAccepted);
        Assert.True(Sum("lifewindow.records.accepted") >= report.LifeEventProvidentAccepted + report.BankAccepted + report.ConsentsAccepted);
        Assert.Equal(sink.Deliveries, Sum("lifewindow.leads.deliveries", "lifewindow.result", "Delivered"));

        // The gauges read the stores: windows by rule and state, leads by outbox state.
        long Gauge(string name, string tag, string value) => metrics.Where(m => m.Name == name).Select(m => m.MetricPoints).LastOrDefault()?
            .Where(p => Tags(p).GetValueOrDefault(tag) == value).Sum(p => p.GetGaugeLastValueLong()) ?? -1;
        Assert.Equal(report.Windows.Count(w => w.RuleId == "HomeEquity"), Gauge("lifewindow.windows", "lifewindow.rule", "HomeEquity"));
        Assert.Equal(sink.Deliveries, Gauge("lifewindow.leads", "lifewindow.lead.status", "Sent"));

        // No raw ID number, phone number or spoken name anywhere in what was exported; the rule ids are, so the scan reads it.
        string[] idNumbers = [.. report.Customers.Select(c => c.IdNumber).Concat(report.LifeEvents.Select(c => c.IdNumber)).Distinct(StringComparer.Ordinal).Select(id => id[..17])];
        string[] phones = [.. report.LifeEvents.SelectMany(c => c.Records).Select(r => r.Data["phone"]?.GetValue<string>()).OfType<string>().Distinct(StringComparer.Ordinal)];
        Assert.NotEmpty(idNumbers);
        Assert.NotEmpty(phones);
        host.Get<LoggerProvider>().ForceFlush();
        var exported = spans.Select(Describe)
            .Concat(metrics.SelectMany(m => m.MetricPoints.Select(p => m.Name + " " + string.Join(' ', Tags(p).Select(t => $"{t.Key}={t.Value}")))))
            .Concat(logs.Texts)
            .ToList();
        Assert.True(logs.Texts.Count > 100, $"only {logs.Texts.Count} log records captured");
        Assert.Contains(exported, text => text.Contains("lifewindow.rule=HomeEquity", StringComparison.Ordinal));
        var hits = exported.SelectMany(text => idNumbers.Concat(phones).Concat(LifeEventSamples.NamesSpoken).Where(n => text.Contains(n, StringComparison.Ordinal)).Select(n => $"{n} in: {text[..Math.Min(200, text.Length)]}")).ToList();
        Assert.True(hits.Count == 0, string.Join(Environment.NewLine, hits.Take(10)));
    }

    /// <summary>Until the gauges' background read has caught up with the run (it reads every 5 s here).</summary>
    private static async Task WaitForGaugesAsync(RunningHost host, int windows, int sent)
    {
        var gauges = host.Get<OpsGauges>();
        bool CaughtUp() => gauges.Last is { } last && last.WindowsByRule.Sum(r => r.Value.Values.Sum()) == windows && last.Leads["Sent"] == sent;
        for (var i = 0; i < 100 && !CaughtUp(); i++)
        {
            await Task.Delay(200);
        }

        Assert.True(CaughtUp(), $"gauges: {JsonSerializer.Serialize(gauges.Last)}");
    }

    private static Dictionary<string, string?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value?.ToString();
        }

        return tags;
    }

    private static string Describe(Activity span) => string.Join(
        ' ',
        [span.OperationName, span.DisplayName, span.StatusDescription ?? string.Empty,
         .. span.TagObjects.Select(t => $"{t.Key}={t.Value}"),
         .. span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}"))]);

    /// <summary>Takes the text of every log record as it is exported (records are pooled, so nothing is kept beyond the text).</summary>
    private sealed class LogCapture : BaseProcessor<LogRecord>
    {
        private readonly List<string> texts = [];

        public IReadOnlyList<string> Texts
        {
            get
            {
                lock (texts)
                {
                    return [.. texts];
                }
            }
        }

        public override void OnEnd(LogRecord data)
        {
            var text = new System.Text.StringBuilder();
            text.Append(data.CategoryName).Append(' ').Append(data.FormattedMessage).Append(' ').Append(data.Body);
            foreach (var attribute in data.Attributes ?? [])
            {
                text.Append(' ').Append(attribute.Key).Append('=').Append(attribute.Value);
            }

            data.ForEachScope((scope, sb) =>
            {
                foreach (var item in scope)
                {
                    sb.Append(' ').Append(item.Key).Append('=').Append(item.Value);
                }
            }, text);
            text.Append(' ').Append(data.Exception);
            lock (texts)
            {
                texts.Add(text.ToString());
            }
        }
    }
}
