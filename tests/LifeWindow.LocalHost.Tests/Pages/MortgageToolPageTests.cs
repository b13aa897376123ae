using System.Globalization;
using System.Net;
using LifeWindow.Domain.CustomerTools;

namespace LifeWindow.LocalHost.Tests.Pages;

/// <summary>The mortgage repayment simulator's page in Debian's chromium: seed 000's 50万 over 15 years, 10万 prepaid after a year against 4.5%.</summary>
public sealed class MortgageToolPageTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Simulator_Seed000Example_ShowsBothMethodsThePrepaymentAndTheVerdict()
    {
        await using var host = await RunningHost.StartAsync();
        var context = await chromium.Browser.NewContextAsync(new() { BaseURL = host.Http.BaseAddress!.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/api/pages/tools/mortgage");
        await page.FillAsync("input[name=principal]", "500000");
        await page.FillAsync("input[name=rate]", "3.1");
        await page.FillAsync("input[name=years]", "15");
        await page.FillAsync("input[name=prepay]", "100000");
        await page.FillAsync("input[name=after]", "12");
        await page.FillAsync("input[name=yield]", "4.5");
        await page.ClickAsync("button[type=submit]");

        // 等额本息: PMT = P·r·(1+r)^n / ((1+r)^n − 1), computed here in decimal and rounded to the fen.
        var r = 3.1m / 1200m;
        var growth = Enumerable.Repeat(1m + r, 180).Aggregate(1m, (a, b) => a * b);
        var pmt = Math.Round(500_000m * r * growth / (growth - 1m), 2, MidpointRounding.AwayFromZero);
        Assert.Equal(Yuan(pmt), await page.Locator("#methods tr[data-method=EqualInstalment] .first").TextContentAsync());
        // 等额本金: the first month pays 1/180 of the principal and a month's interest on all of it.
        Assert.Equal(Yuan(Math.Round(500_000m / 180m, 2, MidpointRounding.AwayFromZero) + Math.Round(500_000m * r, 2, MidpointRounding.AwayFromZero)), await page.Locator("#methods tr[data-method=EqualPrincipal] .first").TextContentAsync());

        var terms = new MortgageTerms(500_000m, 3.1m, 180, RepaymentMethod.EqualInstalment);
        Assert.Equal(Yuan(MortgageSimulator.Prepay(terms, 12, 100_000m, PrepaymentMode.ShortenTerm).InterestSaved), await page.Locator("#prepay tr[data-mode=ShortenTerm] .saved").TextContentAsync());
        var compare = MortgageSimulator.Compare(terms, 12, 100_000m, PrepaymentMode.ShortenTerm, 4.5m);
        Assert.Contains(compare.PrepayIsBetter ? "提前还款更划算" : "理财更划算", await page.Locator("#verdict").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(14, await page.Locator("#schedule tr").CountAsync()); // header, 12 months, the last
        await Chromium.ShotAsync(page, "mortgage-simulator");

        using var bad = await host.Http.GetAsync("/api/pages/tools/mortgage?principal=500000&rate=99&years=15");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("年利率应在 0 到 24 之间", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Yuan(decimal amount) => amount.ToString("#,0.00", CultureInfo.InvariantCulture) + "元";
}
