using System.Globalization;
using LifeWindow.Domain.CustomerTools;
using static LifeWindow.Functions.Pages.PageHtml;

namespace LifeWindow.Functions.Pages;

/// <summary>
/// GET /api/pages/tools/mortgage: the mortgage repayment simulator (按揭还款模拟器) as a page for a customer or an RM
/// beside them — the form, both repayment methods side by side, a prepayment's effect and prepay-versus-invest, and
/// the first year of the schedule. The same <see cref="MortgageSimulator"/> as POST /api/tools/mortgage; no sign-in (it
/// reads no customer's data).
/// </summary>
public sealed class MortgageToolPage
{
    [Function("MortgageToolPage")]
    public IResult Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pages/tools/mortgage")] HttpRequest request)
    {
        var ask = MortgageToolAsk.Read(request.Query);
        var body = MortgageToolAsk.Form(request.Query) + (ask.Errors.Count > 0
            ? $"""<p class="notice error" role="alert">{E(string.Join("；", ask.Errors))}</p>"""
            : ask.Terms is { } terms ? MortgageToolAsk.Results(terms, ask.Prepay, ask.YieldPct) : string.Empty);
        return Page("按揭还款模拟器", null, body, ask.Errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }
}

/// <summary>The page's query (principal in 元, annual rate in %, years, prepayment in 元 after a month, a yield in %), read and rendered.</summary>
internal sealed record MortgageToolAsk(MortgageTerms? Terms, (int AfterMonth, decimal Amount)? Prepay, decimal? YieldPct, IReadOnlyList<string> Errors)
{
    public static MortgageToolAsk Read(IQueryCollection query)
    {
        var errors = new List<string>();
        decimal? Number(string name, string label, decimal min, decimal max, bool required)
        {
            var text = query[name].ToString().Trim();
            if (text.Length == 0)
            {
                if (required && query.Count > 0)
                {
                    errors.Add($"请填写{label}");
                }

                return null;
            }

            if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            {
                errors.Add($"{label}应在 {min.ToString(CultureInfo.InvariantCulture)} 到 {max.ToString(CultureInfo.InvariantCulture)} 之间");
                return null;
            }

            return value;
        }

        var principal = Number("principal", "贷款金额", 1m, 100_000_000m, true);
        var rate = Number("rate", "年利率", 0m, 24m, true);
        var years = Number("years", "年限", 1m, MortgageSimulator.MaxMonths / 12, true);
        var prepay = Number("prepay", "提前还款金额", 1m, 100_000_000m, false);
        var after = Number("after", "提前还款时点（月）", 0m, MortgageSimulator.MaxMonths - 1, false);
        var yieldPct = Number("yield", "理财年化收益率", 0m, 50m, false);
        var method = query["method"].ToString() == nameof(RepaymentMethod.EqualPrincipal) ? RepaymentMethod.EqualPrincipal : RepaymentMethod.EqualInstalment;
        var terms = principal is { } p && rate is { } r && years is { } y ? new MortgageTerms(Math.Round(p, 2), r, (int)(y * 12), method) : null;
        if (terms is not null && prepay is not null && (after ?? 12) >= terms.Months)
        {
            errors.Add("提前还款时点须早于贷款到期");
        }

        return new(errors.Count == 0 ? terms : null, prepay is { } a ? ((int)(after ?? 12), Math.Round(a, 2)) : null, yieldPct, errors);
    }

    public static string Form(IQueryCollection query)
    {
        string Field(string name, string label, string example) =>
            $"""<label>{label} <input name="{name}" value="{E(query[name].ToString() is { Length: > 0 } v ? v : example)}" size="10"></label> """;
        return $"""
            <form method="get" action="/api/pages/tools/mortgage">
            <p>{Field("principal", "贷款金额（元）", "500000")}{Field("rate", "年利率（%）", "3.1")}{Field("years", "年限（年）", "15")}
            还款方式 {Select("method", query["method"], [(nameof(RepaymentMethod.EqualInstalment), "等额本息"), (nameof(RepaymentMethod.EqualPrincipal), "等额本金")])}</p>
            <p>{Field("prepay", "提前还款（元，可选）", string.Empty)}{Field("after", "第几个月后（默认12）", string.Empty)}{Field("yield", "对比理财年化（%，可选）", string.Empty)}</p>
            <button type="submit">计算</button></form>
            """;
    }

    public static string Results(MortgageTerms terms, (int AfterMonth, decimal Amount)? prepay, decimal? yieldPct)
    {
        var schedules = new[] { terms with { Method = RepaymentMethod.EqualInstalment }, terms with { Method = RepaymentMethod.EqualPrincipal } }.Select(MortgageSimulator.Schedule).ToList();
        var chosen = schedules.First(s => s.Terms.Method == terms.Method);
        var methods = string.Concat(schedules.Select(s => $"""<tr data-method="{s.Terms.Method}"><td>{(s.Terms.Method == RepaymentMethod.EqualInstalment ? "等额本息" : "等额本金")}</td><td class="first">{Yuan(s.FirstPayment)}</td><td>{Yuan(s.LastPayment)}</td><td class="interest">{Yuan(s.TotalInterest)}（{Wan(s.TotalInterest)}）</td><td>{Yuan(s.TotalPaid)}</td></tr>"""));
        var months = string.Concat(chosen.Payments.Take(12).Append(chosen.Payments[^1]).Select(p => $"<tr><td>{p.Month}</td><td>{Yuan(p.Payment)}</td><td>{Yuan(p.Principal)}</td><td>{Yuan(p.Interest)}</td><td>{Yuan(p.Balance)}</td></tr>"));
        return $"""
            <h2>两种还款方式</h2>
            <table id="methods"><thead><tr><th>方式</th><th>首月月供</th><th>末月月供</th><th>总利息</th><th>还款总额</th></tr></thead><tbody>{methods}</tbody></table>
            {(prepay is { } p ? Prepayment(terms, p.AfterMonth, p.Amount, yieldPct) : string.Empty)}
            <h2>还款计划（前12个月与最后一个月）</h2>
            <table id="schedule"><thead><tr><th>期数</th><th>月供</th><th>本金</th><th>利息</th><th>剩余本金</th></tr></thead><tbody>{months}</tbody></table>
            <p class="muted">按月计息、每期利息四舍五入到分，末期结清；结果仅供参考，以合同为准。</p>
            """;
    }

    private static string Prepayment(MortgageTerms terms, int afterMonth, decimal amount, decimal? yieldPct)
    {
        var rows = new[] { PrepaymentMode.ShortenTerm, PrepaymentMode.LowerPayment }.Select(mode => MortgageSimulator.Prepay(terms, afterMonth, amount, mode))
            .Select(o => $"""<tr data-mode="{o.Mode}"><td>{(o.Mode == PrepaymentMode.ShortenTerm ? "月供不变、缩短年限" : "年限不变、减少月供")}</td><td class="saved">{Yuan(o.InterestSaved)}</td><td>{o.MonthsSaved} 个月</td><td>{Yuan(o.After.FirstPayment)}</td></tr>""");
        var verdict = yieldPct is { } y && MortgageSimulator.Compare(terms, afterMonth, amount, PrepaymentMode.ShortenTerm, y) is var c
            ? $"""<p id="verdict">同样 {Wan(amount)} 按年化 {y.ToString("0.##", CultureInfo.InvariantCulture)}% 理财 {c.Months} 个月，收益约 {Yuan(c.InvestmentGain)}；提前还款省息 {Yuan(c.Prepayment.InterestSaved)}。<strong>{(c.PrepayIsBetter ? "提前还款更划算" : "理财更划算")}</strong>（盈亏平衡年化 {c.BreakEvenYieldPct.ToString("0.##", CultureInfo.InvariantCulture)}%）。</p>"""
            : string.Empty;
        return $"""
            <h2>第 {afterMonth} 个月后提前还款 {Wan(amount)}</h2>
            <table id="prepay"><thead><tr><th>方式</th><th>节省利息</th><th>缩短期限</th><th>此后月供</th></tr></thead><tbody>{string.Concat(rows)}</tbody></table>
            {verdict}
            """;
    }

    private static string Yuan(decimal amount) => amount.ToString("#,0.00", CultureInfo.InvariantCulture) + "元";
}
