using LifeWindow.Domain.Claims;
using LifeWindow.Domain.Profiles;
using LifeWindow.Integration.Claims;
using static LifeWindow.Functions.Pages.PageHtml;

namespace LifeWindow.Functions.Pages;

/// <summary>The claiming page's HTML (管群分包认领): every claimable group with its holder, figures and buttons, then per-RM totals.</summary>
public static class GroupClaimView
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["CustomerGroup:ExistingPrime"] = "存量优质按揭客群", ["CustomerGroup:Salaried"] = "工薪客群", ["CustomerGroup:BusinessOwner"] = "经营客群",
        ["CustomerGroup:LocalResident"] = "本地居民客群", ["CustomerGroup:NewResident"] = "新市民客群",
        ["AssetSegment:HighNetWorth"] = "高净值", ["AssetSegment:MassAffluent"] = "大众富裕", ["AssetSegment:YoungInclusive"] = "年轻普惠",
        ["Scene:MaternalBaby"] = "母婴场景", ["Scene:Travel"] = "旅游场景", ["Scene:Dining"] = "餐饮场景", ["Scene:Education"] = "教育场景",
        ["Scene:HomeFurnishing"] = "家装场景", ["Scene:Auto"] = "汽车场景", ["Scene:Medical"] = "医疗场景",
    };

    /// <summary>A group's Chinese name: "工薪客群", "资产层级 From50kTo100k", "代发单位 9131…".</summary>
    public static string Label(string? groupId) =>
        groupId is null ? "无" : Names.TryGetValue(groupId, out var name) ? name
        : ClaimableGroup.TryParse(groupId, out var g) ? (g.Dimension == GroupDimension.AumTier ? "资产层级 " : g.Dimension == GroupDimension.Employer ? "代发单位 " : string.Empty) + g.Value
        : groupId;

    /// <summary>The groups on offer: the five customer groups, the segments, the catalog's AUM tiers, the scenes, and every employer already claimed or seen.</summary>
    public static IReadOnlyList<string> Claimable(TagSettings settings, IEnumerable<string> seen) =>
        [.. TagDefinitions.CustomerGroups.Select(g => $"CustomerGroup:{g}")
            .Concat(TagDefinitions.AssetSegments.Select(s => $"AssetSegment:{s}"))
            .Concat(settings.AumTiers.Select(t => $"AumTier:{t.Name}"))
            .Concat(Enum.GetNames<Domain.Feeds.ConsumptionScene>().Select(s => $"Scene:{s}"))
            .Concat(seen.Where(s => s.StartsWith("Employer:", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)];

    public static string Render(PageUser user, IReadOnlyList<string> groups, IReadOnlyList<GroupClaim> claims, IReadOnlyList<GroupFigures> figures, IReadOnlyList<string> rms, string? notice)
    {
        var rowsHtml = string.Concat(groups.Select(id => Row(user, id, claims.FirstOrDefault(c => c.GroupId == id), figures.FirstOrDefault(f => f.GroupId == id), rms)));
        var perRm = figures.Where(f => f.RmId is not null).GroupBy(f => f.RmId!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"<tr><td>{E(g.Key)}</td><td>{g.Count()}</td><td>{g.Sum(f => f.Leads)}</td><td>{g.Sum(f => f.Contacted)}</td><td>{g.Sum(f => f.Converted)}</td><td>{Wan(g.Sum(f => f.Aum))}</td></tr>");
        var employer = $"""
            <form method="post" action="/api/pages/groups/claim">认领代发单位（统一社会信用代码）：<input name="employer" maxlength="18" pattern="[0-9A-Z]{"{18}"}" required>
            {(user.Role == PageRole.BranchManager ? Select("rm", null, rms.Select(r => (r, r))) : string.Empty)}<button type="submit">认领单位</button></form>
            """;
        return $"""
            {(notice is null ? string.Empty : $"""<p class="notice" role="status">{E(notice)}</p>""")}
            <p class="muted">一个客群同一时间只归一位客户经理；新线索进入认领该客户所属客群中最早认领者的收件箱，未被认领的线索由支行长分配。</p>
            <table id="groups"><thead><tr><th>客群</th><th>认领人</th><th>线索</th><th>已联系</th><th>已转化</th><th>客群AUM</th><th>操作</th></tr></thead><tbody>{rowsHtml}</tbody></table>
            {(user.Role == PageRole.Operator ? string.Empty : employer)}
            <h2>客户经理业绩</h2>
            <table id="per-rm"><thead><tr><th>客户经理</th><th>客群数</th><th>线索</th><th>已联系</th><th>已转化</th><th>客群AUM</th></tr></thead><tbody>{string.Concat(perRm)}</tbody></table>
            """;
    }

    private static string Row(PageUser user, string groupId, GroupClaim? claim, GroupFigures? figures, IReadOnlyList<string> rms)
    {
        var buttons = user.Role switch
        {
            PageRole.BranchManager => $"""<form class="inline" method="post" action="/api/pages/groups/claim"><input type="hidden" name="group" value="{E(groupId)}">{Select("rm", claim?.RmId, rms.Select(r => (r, r)))}<button type="submit">{(claim is null ? "分配" : "改派")}</button></form>"""
                + (claim is null ? string.Empty : Button("/api/pages/groups/release", "收回", ("group", groupId))),
            PageRole.RelationshipManager when claim is null => Button("/api/pages/groups/claim", "认领", ("group", groupId)),
            PageRole.RelationshipManager when claim.RmId == user.Id => Button("/api/pages/groups/release", "放弃", ("group", groupId)),
            _ => string.Empty,
        };
        return $"""<tr data-group="{E(groupId)}"><td>{E(Label(groupId))}</td><td class="holder">{E(claim?.RmId ?? "—")}</td><td>{figures?.Leads ?? 0}</td><td>{figures?.Contacted ?? 0}</td><td>{figures?.Converted ?? 0}</td><td>{Wan(figures?.Aum ?? 0m)}</td><td>{buttons}</td></tr>""";
    }
}
