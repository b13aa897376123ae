using LifeWindow.Domain.Profiles;
using LifeWindow.Domain.Scripts;
using LifeWindow.Domain.Time;
using LifeWindow.Domain.Windows;

namespace LifeWindow.Domain.Tests;

public class TalkingScriptRendererTests
{
    [Fact]
    public void Render_IncomeUpgradeWindow_SaysWhyAndWhatWithoutBannedClaims()
    {
        var catalog = RuleCatalogLoader.LoadDefault();
        var now = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        var profile = Facts.Year(new YearMonth(2026, 10), 10000m, 13000m)
            .Aggregate(CustomerProfile.Empty(Facts.Customer), (p, r) => ProfileFolder.Fold(p, r, now, catalog.Tags).Profile);
        var window = Assert.Single(WindowDetector.Detect(catalog, profile.CustomerKey, asOf => TagEngine.Compute(profile, catalog.Tags, asOf), now, []).Opened);

        var script = new TalkingScriptRenderer().Render(catalog.Offer("LimitUpgradeReview"), window, profile, catalog.Tags);

        Assert.Contains("信用额度提升评估", script, StringComparison.Ordinal);
        Assert.Contains("同比上涨30%", script, StringComparison.Ordinal);
        Assert.Contains("已满12个月", script, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", script, StringComparison.Ordinal);
        foreach (var banned in new[] { "保本", "稳赚", "无风险", "零风险" })
        {
            Assert.DoesNotContain(banned, script, StringComparison.Ordinal);
        }
    }
}
