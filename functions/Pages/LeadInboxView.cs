using System.Globalization;
using LifeWindow.Domain.Claims;
using LifeWindow.Integration.Claims;
using static LifeWindow.Functions.Pages.PageHtml;

namespace LifeWindow.Functions.Pages;

/// <summary>The RM lead inbox's HTML: filters, then one card per lead with its script, evidence, reasons, credit and buttons.</summary>
public static class LeadInboxView
{
    public static readonly IReadOnlyDictionary<InboxStatus, string> StatusNames = new Dictionary<InboxStatus, string>
    {
        [InboxStatus.New] = "待联系", [InboxStatus.Contacted] = "已联系", [InboxStatus.Accepted] = "已接受", [InboxStatus.Declined] = "已拒绝",
        [InboxStatus.Unreachable] = "未接通", [InboxStatus.Expired] = "已过期", [InboxStatus.Withdrawn] = "已撤回",
    };

    public static string Render(PageUser user, IReadOnlyList<InboxRow> rows, InboxFilter filter, IEnumerable<string> ruleIds, IReadOnlyList<string> rms, string? notice)
    {
        var groups = rows.Select(r => r.Entry.GroupId).OfType<string>().Append(filter.GroupId ?? string.Empty).Where(g => g.Length > 0).Distinct().Order(StringComparer.Ordinal);
        var filters = $"""
            <form method="get" action="/api/pages/inbox" class="filters">
            客群 {Select("group", filter.GroupId, [(string.Empty, "全部"), .. groups.Select(g => (g, GroupClaimView.Label(g)))])}
            规则 {Select("rule", filter.RuleId, [(string.Empty, "全部"), .. ruleIds.Select(r => (r, r))])}
            状态 {Select("status", filter.Status?.ToString(), [(string.Empty, "全部"), .. StatusNames.Select(s => (s.Key.ToString(), s.Value))])}
            <button type="submit">筛选</button></form>
            """;
        var heading = user.SeesAllLeads ? $"<p>全部线索（支行长视图）：{rows.Count} 条</p>" : $"<p>我的线索：{rows.Count} 条</p>";
        var cards = rows.Count == 0 ? """<p class="muted">没有符合条件的线索。</p>""" : string.Concat(rows.Select(r => Card(user, r, rms)));
        return (notice is null ? string.Empty : $"""<p class="notice" role="status">{E(notice)}</p>""") + filters + heading + cards;
    }

    private static string Card(PageUser user, InboxRow row, IReadOnlyList<string> rms)
    {
        var entry = row.Entry;
        if (row.Lead is not { Lead: var lead })
        {
            return $"""<article class="lead" data-lead="{E(entry.LeadId)}"><h3>{E(entry.LeadId)}</h3><p class="muted">线索内容已按保留期限删除。</p></article>""";
        }

        var open = row.Status is InboxStatus.New or InboxStatus.Contacted;
        var actions = open
            ? Button($"/api/pages/leads/{lead.LeadId}/outcome", "接受", ("outcome", "Accepted"))
              + Button($"/api/pages/leads/{lead.LeadId}/outcome", "拒绝", ("outcome", "Declined"))
              + (row.Status == InboxStatus.New ? Button($"/api/pages/leads/{lead.LeadId}/outcome", "已联系", ("outcome", "Contacted")) : string.Empty)
            : string.Empty;
        var assign = user.SeesAllLeads && open
            ? $"""<form class="inline" method="post" action="/api/pages/leads/{E(lead.LeadId)}/assign">{Select("rm", entry.RmId, rms.Select(r => (r, r)))}<button type="submit">分配</button></form>"""
            : string.Empty;
        return $"""
            <article class="lead" data-lead="{E(lead.LeadId)}" data-status="{row.Status}">
            <h3>{E(lead.OfferName)} <span class="muted">{E(lead.RuleId)}</span></h3>
            <p class="muted">客户 {E(lead.CustomerKey)} · 客群 {E(GroupClaimView.Label(entry.GroupId))} · 客户经理 {E(entry.RmId ?? "未分配")} · 生成 {Shanghai(lead.CreatedAt)} · 截止 {Shanghai(lead.RespondBy)}</p>
            <p>状态：<strong class="status">{StatusNames[row.Status]}</strong>{(entry.ContactedAt is { } c ? $" · 联系于 {Shanghai(c)}" : string.Empty)}</p>
            <p>触发原因：</p><ul>{string.Concat(lead.Reasons.Select(r => $"<li>{E(r)}</li>"))}</ul>
            {Credit(lead.Credit)}
            <p>话术：</p><div class="script">{E(lead.Script)}</div>
            <p class="muted">证据 {lead.Evidence.Count} 条：{E(string.Join("、", lead.Evidence.Take(3).Select(h => h.Length > 12 ? h[..12] + "…" : h)))}</p>
            <p>{actions}{assign}</p>
            </article>
            """;
    }

    private static string Credit(Domain.Leads.LeadCredit? credit) => credit switch
    {
        null => string.Empty,
        { Decision: Domain.Credit.CreditOutcome.Approve } => $"<p class=\"credit\">预批额度 <strong>{Wan(credit.ApprovedAmount)}</strong>，年利率 {credit.AnnualRatePct.ToString("0.00", CultureInfo.InvariantCulture)}%{(credit.ReasonCodes.Count > 0 ? $"（原因码：{E(string.Join("、", credit.ReasonCodes))}）" : string.Empty)}</p>",
        _ => $"<p class=\"credit\">授信转人工，原因码：{E(string.Join("、", credit.ReasonCodes))}</p>",
    };
}
