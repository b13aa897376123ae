using LifeWindow.Domain.Credit;
using LifeWindow.Domain.Leads;
using LifeWindow.Functions.Pages;
using LifeWindow.Integration.Claims;
using LifeWindow.Integration.Storage;

namespace LifeWindow.Functions.Tests.Pages;

/// <summary>What an inbox card says: the credit in 万元 with its rate and reason codes, times in Shanghai, and nothing unescaped.</summary>
public class LeadInboxViewTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 7, 16, 30, 0, TimeSpan.Zero); // 2026-12-08 00:30 in Shanghai

    private static InboxRow Row(LeadCredit? credit, string script = "您好") => new(
        new InboxEntry("lead-w-1", "k1-a", "rm.zhang", "CustomerGroup:Salaried", 300_000m, Created),
        new LeadRecord(new Lead
        {
            LeadId = "lead-w-1", WindowId = "w-1", CustomerKey = "k1-a", RuleId = "IncomeUpgrade", CatalogVersion = "v1", OfferId = "LimitUpgradeReview",
            OfferName = "额度提升", Script = script, Reasons = ["公积金缴存基数同比上涨25%"], Evidence = ["0123456789abcdef0123", "fedcba"],
            CreatedAt = Created, RespondBy = Created.AddDays(14), Credit = credit,
        }, null, null));

    private static string Render(InboxRow row) =>
        LeadInboxView.Render(new PageUser("rm.zhang", PageRole.RelationshipManager), [row], new InboxFilter(), ["IncomeUpgrade"], ["rm.zhang"], null);

    [Fact]
    public void Card_ApprovedCredit_InWanWithRateAndReasonCodes_TimesInShanghai()
    {
        var html = Render(Row(new LeadCredit(CreditOutcome.Approve, 125_500m, 3.48m, ["AMOUNT_REDUCED"], "cd-w-1")));

        Assert.Contains("预批额度 <strong>12.55万元</strong>，年利率 3.48%（原因码：AMOUNT_REDUCED）", html, StringComparison.Ordinal);
        Assert.Contains("生成 2026-12-08 00:30 · 截止 2026-12-22 00:30", html, StringComparison.Ordinal);
        Assert.Contains("客群 工薪客群", html, StringComparison.Ordinal);
        Assert.Contains("证据 2 条：0123456789ab…、fedcba", html, StringComparison.Ordinal);
        Assert.Contains("<li>公积金缴存基数同比上涨25%</li>", html, StringComparison.Ordinal);
        Assert.Equal(3, html.Split("<button type=\"submit\">", StringSplitOptions.None).Length - 2); // 接受, 拒绝, 已联系 beside 筛选
    }

    [Fact]
    public void Card_ReferredCredit_NamesTheReasonCodes_AndHostileTextIsEncoded()
    {
        var html = Render(Row(new LeadCredit(CreditOutcome.Refer, 0m, 0m, ["SCORE_BELOW_APPROVE", "DTI_HIGH"], "cd-w-1"), "<script>alert(1)</script>"));

        Assert.Contains("授信转人工，原因码：SCORE_BELOW_APPROVE、DTI_HIGH", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }
}
