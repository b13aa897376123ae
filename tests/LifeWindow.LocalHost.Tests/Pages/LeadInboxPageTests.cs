using System.Net;
using LifeWindow.Integration.Claims;

namespace LifeWindow.LocalHost.Tests.Pages;

/// <summary>The RM lead inbox and group claiming, in Debian's chromium against a running local host.</summary>
public sealed class LeadInboxPageTests(Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task Rm_ClaimsAGroup_GetsItsNewLead_AcceptsIt_AndTheWorkflowCompletes()
    {
        await using var host = await PagePath.StartAsync();
        var page = await chromium.SignInAsync(host, "rm.zhang", "/api/pages/groups");

        var group = page.Locator("tr[data-group='CustomerGroup:LocalResident']");
        await group.Locator("button", new() { HasText = "认领" }).ClickAsync();
        Assert.Equal("rm.zhang", await group.Locator(".holder").TextContentAsync());
        Assert.Contains("本地居民客群 已归 rm.zhang", await page.Locator(".notice").TextContentAsync(), StringComparison.Ordinal);
        await Chromium.ShotAsync(page, "groups-claimed");

        await PagePath.SendLifeEventAsync(host, "inbox-1");
        await page.GotoAsync("/api/pages/inbox");
        var card = await PagePath.ReloadUntilAsync(page, "article.lead[data-status=New]");
        var text = await card.TextContentAsync();
        Assert.Contains("LumpSumInflow", text, StringComparison.Ordinal);
        Assert.Contains("本地居民客群", text, StringComparison.Ordinal);
        Assert.Contains("截止", text, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(await card.Locator(".script").TextContentAsync()));
        Assert.NotEqual(0, await card.Locator("ul li").CountAsync());
        await Chromium.ShotAsync(page, "inbox-lead");

        var leadId = (await card.GetAttributeAsync("data-lead"))!;
        await card.Locator("button", new() { HasText = "接受" }).ClickAsync();
        Assert.Contains("已接受", await page.Locator(".notice").TextContentAsync(), StringComparison.Ordinal);
        var accepted = await PagePath.ReloadUntilAsync(page, $"article.lead[data-lead='{leadId}'][data-status=Accepted]");
        Assert.Equal("已接受", await accepted.Locator(".status").TextContentAsync());
        await Chromium.ShotAsync(page, "inbox-accepted");

        // The filters: by status, by rule, by group.
        await page.Locator("select[name=status]").SelectOptionAsync("New");
        await page.Locator("button", new() { HasText = "筛选" }).ClickAsync();
        Assert.Equal(0, await page.Locator("article.lead").CountAsync());
        await page.GotoAsync("/api/pages/inbox"); // the group list offers the groups of the leads shown
        await page.Locator("select[name=status]").SelectOptionAsync("Accepted");
        await page.Locator("select[name=rule]").SelectOptionAsync("LumpSumInflow");
        await page.Locator("select[name=group]").SelectOptionAsync("CustomerGroup:LocalResident");
        await page.Locator("button", new() { HasText = "筛选" }).ClickAsync();
        Assert.Equal(1, await page.Locator("article.lead").CountAsync());
        await page.Locator("select[name=rule]").SelectOptionAsync("IncomeUpgrade");
        await page.Locator("button", new() { HasText = "筛选" }).ClickAsync();
        Assert.Equal(0, await page.Locator("article.lead").CountAsync());

        // The outcome went through the CRM callback's path: the offer workflow recorded it and finished.
        using var status = await host.Http.GetAsync("/api/workflows/" + leadId["lead-".Length..]);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal("Completed", JsonDocument.Parse(await status.Content.ReadAsStringAsync()).RootElement.GetProperty("runtimeStatus").GetString());
        Assert.NotNull((await host.Get<ILeadInbox>().GetAsync(leadId, CancellationToken.None))!.ContactedAt);
    }

    [Fact]
    public async Task BranchManager_AssignsAnUnclaimedLead_OnlyThatRmSeesIt()
    {
        await using var host = await PagePath.StartAsync();
        await PagePath.SendLifeEventAsync(host, "inbox-2");
        var manager = await chromium.SignInAsync(host, "manager.sun", "/api/pages/inbox");
        var card = await PagePath.ReloadUntilAsync(manager, "article.lead[data-status=New]");
        Assert.Contains("客户经理 未分配", await card.TextContentAsync(), StringComparison.Ordinal);
        await card.Locator("select[name=rm]").SelectOptionAsync("rm.chen");
        await card.Locator("button", new() { HasText = "分配" }).ClickAsync();
        Assert.Contains("已分配给 rm.chen", await manager.Locator(".notice").TextContentAsync(), StringComparison.Ordinal);
        await Chromium.ShotAsync(manager, "inbox-manager-assigned");

        var chen = await chromium.SignInAsync(host, "rm.chen", "/api/pages/inbox");
        Assert.Equal(1, await chen.Locator("article.lead").CountAsync());
        var zhang = await chromium.SignInAsync(host, "rm.zhang", "/api/pages/inbox");
        Assert.Equal(0, await zhang.Locator("article.lead").CountAsync());
        Assert.Contains("我的线索：0 条", await zhang.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Groups_AClaimedGroup_CannotBeClaimedByAnotherRm()
    {
        await using var host = await PagePath.StartAsync();
        var zhang = await chromium.SignInAsync(host, "rm.zhang", "/api/pages/groups");
        await zhang.Locator("tr[data-group='Scene:Travel'] button", new() { HasText = "认领" }).ClickAsync();

        var chen = await chromium.SignInAsync(host, "rm.chen", "/api/pages/groups");
        var row = chen.Locator("tr[data-group='Scene:Travel']");
        Assert.Equal("rm.zhang", await row.Locator(".holder").TextContentAsync());
        Assert.Equal(0, await row.Locator("button").CountAsync());
        await Chromium.ShotAsync(chen, "groups-held-by-another");
    }
}
