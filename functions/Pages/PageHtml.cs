using System.Globalization;
using System.Net;
using System.Text;
using LifeWindow.Domain.Time;

namespace LifeWindow.Functions.Pages;

/// <summary>
/// The pages' HTML: one plain layout, server-rendered, no script and no build step (a strict Content-Security-Policy),
/// every value HTML-encoded, amounts in 万元 and times in Asia/Shanghai as a Chinese bank shows them.
/// </summary>
public static class PageHtml
{
    private const string Style = """
        body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;margin:0;color:#1f2933;background:#f5f7fa}
        header{background:#12355b;color:#fff;padding:10px 20px;display:flex;gap:20px;align-items:center}
        header a{color:#fff;text-decoration:none}header .who{margin-left:auto}
        main{padding:16px 20px}table{border-collapse:collapse;width:100%;background:#fff;margin-bottom:16px}
        th,td{border:1px solid #d9e2ec;padding:6px 8px;text-align:left;vertical-align:top;font-size:14px}
        th{background:#e4ebf3}.lead{background:#fff;border:1px solid #d9e2ec;margin-bottom:12px;padding:10px 14px}
        .lead h3{margin:0 0 6px}.script{white-space:pre-wrap;background:#f0f4f8;padding:8px}.muted{color:#627d98;font-size:13px}
        .notice{background:#fff3c4;padding:8px 12px;margin-bottom:12px}.error{background:#fde2e2}
        form.inline{display:inline}button{margin-right:6px}
        """;

    /// <summary>A whole page: the header with the pages and who is signed in, then <paramref name="body"/> (already HTML).</summary>
    public static string Layout(string title, string? operatorId, string body)
    {
        var who = operatorId is null ? string.Empty
            : $"""<span class="who">{E(operatorId)} <form class="inline" method="post" action="/api/pages/sign-out"><button type="submit">退出</button></form></span>""";
        return $"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>{E(title)} · LifeWindow</title>
            <meta http-equiv="Content-Security-Policy" content="default-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'">
            <style>{Style}</style></head>
            <body><header><strong>LifeWindow</strong><a href="/api/pages/inbox">线索收件箱</a><a href="/api/pages/groups">客群认领</a><a href="/api/pages/ops">运营看板</a><a href="/api/pages/tools/mortgage">按揭还款模拟器</a>{who}</header>
            <main><h1>{E(title)}</h1>
            {body}
            </main></body></html>
            """;
    }

    public static IResult Page(string title, string? operatorId, string body, int statusCode = StatusCodes.Status200OK) =>
        Results.Content(Layout(title, operatorId, body), "text/html; charset=utf-8", Encoding.UTF8, statusCode);

    /// <summary>An answer that names what went wrong, as a page (the pages' problem details).</summary>
    public static IResult Problem(string? operatorId, int statusCode, string title, string detail) =>
        Page(title, operatorId, $"""<p class="notice error" role="alert">{E(detail)}</p><p><a href="/api/pages/inbox">返回</a></p>""", statusCode);

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    /// <summary>An amount in 万元 to two places: 1,255,000 → "125.5万元".</summary>
    public static string Wan(decimal amount) => (amount / 10_000m).ToString("#,0.##", CultureInfo.InvariantCulture) + "万元";

    /// <summary>A moment as Shanghai sees it: "2026-12-07 18:30".</summary>
    public static string Shanghai(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, BusinessClock.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A form that POSTs to <paramref name="action"/> with hidden fields and one button.</summary>
    public static string Button(string action, string label, params (string Name, string Value)[] fields) =>
        $"""<form class="inline" method="post" action="{E(action)}">{string.Concat(fields.Select(f => $"""<input type="hidden" name="{E(f.Name)}" value="{E(f.Value)}">"""))}<button type="submit">{E(label)}</button></form>""";

    /// <summary>A select of <paramref name="options"/> (value, label), the one equal to <paramref name="selected"/> chosen.</summary>
    public static string Select(string name, string? selected, IEnumerable<(string Value, string Label)> options) =>
        $"""<select name="{E(name)}">{string.Concat(options.Select(o => $"""<option value="{E(o.Value)}"{(o.Value == (selected ?? string.Empty) ? " selected" : string.Empty)}>{E(o.Label)}</option>"""))}</select>""";
}
