using System.Globalization;
using LifeWindow.Integration.DeadLetters;
using LifeWindow.Integration.Outbox;
using LifeWindow.Integration.Telemetry;
using static LifeWindow.Functions.Pages.PageHtml;

namespace LifeWindow.Functions.Pages;

/// <summary>The operations page's HTML: feed health, the stream's lag, dead letters, pending and parked leads, workflows and windows.</summary>
public static class OperationsView
{
    public static string Render(OpsSummary summary, IReadOnlyList<DeadLetter> letters, IReadOnlyList<OutboxEntry> waiting, string? notice)
    {
        var stream = summary.FeedStream;
        var feeds = (summary.ThisInstanceByFeed?.Keys ?? []).Union(summary.OpenDeadLetters.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(f => $"<tr><td>{E(f)}</td><td>{Count(summary.ThisInstanceByFeed, f, "lifewindow.records.accepted")}</td><td>{Count(summary.ThisInstanceByFeed, f, "lifewindow.records.rejected")}</td><td>{summary.OpenDeadLetters.GetValueOrDefault(f)}</td></tr>");
        var deadLetters = letters.Select(l => $"""<tr data-dead-letter="{E(l.Id)}"><td>{E(l.Feed)}</td><td>{E(l.Partner)}</td><td>{E(l.Reason)}</td><td>{Shanghai(l.ReceivedAt)}</td><td>{Button($"/api/pages/dead-letters/{l.Id}/resubmit", "重新提交")}</td></tr>""");
        var leads = waiting.Select(e => $"""<tr data-lead="{E(e.LeadId)}"><td>{E(e.LeadId)}</td><td>{e.Kind}</td><td>{e.Status}</td><td>{e.Attempts}</td><td>{E(e.LastError ?? e.LastStatusCode?.ToString(CultureInfo.InvariantCulture) ?? string.Empty)}</td><td>{Shanghai(e.NextAttemptAt)}</td><td>{Button($"/api/pages/leads/{e.LeadId}/redeliver", "重新投递", ("kind", e.Kind.ToString()))}</td></tr>""");
        var workflows = (summary.Workflows ?? new Dictionary<string, int>()).OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"<tr><td>{E(w.Key)}</td><td>{w.Value}</td></tr>");
        var windows = summary.WindowsByRule.Select(r => $"<tr><td>{E(r.Key)}</td><td>{E(string.Join("，", r.Value.Select(s => $"{s.Key} {s.Value}")))}</td></tr>");
        return $"""
            {(notice is null ? string.Empty : $"""<p class="notice" role="status">{E(notice)}</p>""")}
            <p class="muted">截至 {Shanghai(summary.At)}；CRM 熔断器：{E(summary.CrmBreaker)}；计数为本实例启动以来。</p>
            <h2>数据源健康</h2>
            <table id="feeds"><thead><tr><th>数据源</th><th>接收</th><th>拒收</th><th>待处理死信</th></tr></thead><tbody>{string.Concat(feeds)}</tbody></table>
            <p id="lag">消费积压：{stream.Pending?.ToString(CultureInfo.InvariantCulture) ?? "—"} 条；最旧 {stream.OldestAgeSeconds?.ToString("0.0", CultureInfo.InvariantCulture) ?? "—"} 秒；搁置 {stream.SetAside?.ToString(CultureInfo.InvariantCulture) ?? "—"} 条（{E(stream.Transport)}）</p>
            <h2>死信</h2>
            <table id="dead-letters"><thead><tr><th>数据源</th><th>合作方</th><th>原因</th><th>接收时间</th><th>操作</th></tr></thead><tbody>{string.Concat(deadLetters)}</tbody></table>
            <h2>待投递与搁置的线索</h2>
            <table id="outbox"><thead><tr><th>线索</th><th>类型</th><th>状态</th><th>尝试</th><th>最近错误</th><th>下次尝试</th><th>操作</th></tr></thead><tbody>{string.Concat(leads)}</tbody></table>
            <h2>工作流状态</h2>
            <table id="workflows"><thead><tr><th>状态</th><th>数量</th></tr></thead><tbody>{string.Concat(workflows)}</tbody></table>
            <h2>转化漏斗</h2>
            <p><img id="funnel" src="/api/pages/funnel.svg" alt="转化漏斗：记录、事实、窗口、报价、授信决策、线索、结果" style="max-width:100%"></p>
            <h2>窗口（按规则）</h2>
            <table id="windows"><thead><tr><th>规则</th><th>状态</th></tr></thead><tbody>{string.Concat(windows)}</tbody></table>
            """;
    }

    private static long Count(IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>? byFeed, string feed, string counter) =>
        byFeed?.GetValueOrDefault(feed)?.GetValueOrDefault(counter) ?? 0;
}
