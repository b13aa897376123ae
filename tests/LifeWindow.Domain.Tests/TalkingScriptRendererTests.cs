using LifeWindow.Domain.Leads;
using LifeWindow.Domain.Scripts;

namespace LifeWindow.Domain.Tests;

public class TalkingScriptRendererTests
{
    /// <summary>A year of provident-fund records whose base rose 30 %, folded: the one window it opens, on the default catalog.</summary>
    private static (RuleCatalog Catalog, CustomerProfile Profile, Window Window) IncomeUpgrade()
    {
        var catalog = RuleCatalogLoader.LoadDefault();
        var now = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        var profile = Facts.Year(new YearMonth(2026, 10), 10000m, 13000m)
            .Aggregate(CustomerProfile.Empty(Facts.Customer), (p, r) => ProfileFolder.Fold(p, r, now, catalog.Tags).Profile);
        var window = Assert.Single(WindowDetector.Detect(catalog, profile.CustomerKey, asOf => TagEngine.Compute(profile, catalog.Tags, asOf), now, []).Opened);
        return (catalog, profile, window);
    }

    [Fact]
    public void Render_IncomeUpgradeWindow_SaysWhyAndWhatWithoutBannedClaims()
    {
        var (catalog, profile, window) = IncomeUpgrade();

        var script = new TalkingScriptRenderer().Render(catalog.Offer("LimitUpgradeReview"), window, TagEngine.Compute(profile, catalog.Tags, window.OpensAt), catalog.Tags);

        Assert.Contains("信用额度提升评估", script, StringComparison.Ordinal);
        Assert.Contains("同比上涨30%", script, StringComparison.Ordinal);
        Assert.Contains("已满12个月", script, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", script, StringComparison.Ordinal);
        foreach (var banned in new[] { "保本", "稳赚", "无风险", "零风险" })
        {
            Assert.DoesNotContain(banned, script, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_ApprovedCreditOffer_SaysTheAmountInWanAndTheRate_ReferredOrNoneSaysSubjectToApproval()
    {
        var (catalog, profile, window) = IncomeUpgrade();
        var renderer = new TalkingScriptRenderer();

        var approved = renderer.Render(catalog.Offer("LimitUpgradeReview"), window, TagEngine.Compute(profile, catalog.Tags, window.OpensAt), catalog.Tags, new LeadCredit(CreditOutcome.Approve, 125_500m, 3.48m, [], "cd-w-1"));
        var referred = renderer.Render(catalog.Offer("LimitUpgradeReview"), window, TagEngine.Compute(profile, catalog.Tags, window.OpensAt), catalog.Tags, new LeadCredit(CreditOutcome.Refer, 0m, 0m, ["SCORE_BELOW_APPROVE"], "cd-w-1"));

        Assert.Contains("预授信额度12.55万元，年利率3.48%", approved, StringComparison.Ordinal);
        Assert.DoesNotContain("以审批结果为准", approved, StringComparison.Ordinal);
        Assert.Contains("额度以审批结果为准", referred, StringComparison.Ordinal);
        Assert.Equal(renderer.Render(catalog.Offer("LimitUpgradeReview"), window, TagEngine.Compute(profile, catalog.Tags, window.OpensAt), catalog.Tags), referred);
        foreach (var offer in catalog.Offers.Where(o => o.Kind == Domain.Offers.OfferKind.Credit))
        {
            Assert.True(offer.Amount > 0, offer.Id);
        }

        Assert.All(catalog.Offers.Where(o => o.Kind != Domain.Offers.OfferKind.Credit), o => Assert.Null(o.Amount));
    }
}
