using System.Globalization;
using System.Net;
using LifeWindow.Integration.Claims;

namespace LifeWindow.LocalHost.Tests.Pages;

/// <summary>Who may do what on the pages, over plain HTTP: sign-in, an RM's own leads only, claims that never overlap, bad input.</summary>
public sealed class PageAccessTests
{
    private static readonly HttpClient NoRedirects = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    private static async Task<HttpResponseMessage> SendAsync(RunningHost host, HttpMethod method, string path, string? operatorId, params (string, string)[] form)
    {
        using var request = new HttpRequestMessage(method, new Uri(host.Http.BaseAddress!, path))
        {
            Content = method == HttpMethod.Post ? new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))) : null,
        };
        if (operatorId is not null)
        {
            request.Headers.Add("Cookie", $"lw-operator={host.OperatorToken(operatorId)}");
        }

        return await NoRedirects.SendAsync(request);
    }

    private static async Task ExpectAsync(HttpStatusCode expected, RunningHost host, HttpMethod method, string path, string? operatorId, params (string, string)[] form)
    {
        using var response = await SendAsync(host, method, path, operatorId, form);
        Assert.True(expected == response.StatusCode, $"{method} {path} as {operatorId}: {response.StatusCode}");
    }

    [Fact]
    public async Task SignIn_NoneBadOrForeignNext_AreRefusedOrSentHome()
    {
        await using var host = await RunningHost.StartAsync();
        using var anonymous = await SendAsync(host, HttpMethod.Get, "/api/pages/inbox?status=New", null);
        Assert.Equal(HttpStatusCode.SeeOther, anonymous.StatusCode);
        Assert.Equal("/api/pages/sign-in?next=%2Fapi%2Fpages%2Finbox%3Fstatus%3DNew", anonymous.Headers.Location!.OriginalString);

        using var bad = await SendAsync(host, HttpMethod.Post, "/api/pages/sign-in", null, ("token", "lw-not-a-token-of-anyone-at-all"));
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Contains("令牌无效", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var good = await SendAsync(host, HttpMethod.Post, "/api/pages/sign-in", null, ("token", host.OperatorToken("rm.zhang")), ("next", "//evil.example/api/pages/x"));
        Assert.Equal(HttpStatusCode.SeeOther, good.StatusCode);
        Assert.Equal("/api/pages/inbox", good.Headers.Location!.OriginalString);
        var cookie = Assert.Single(good.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Outcome_AnotherRmsLead_Forbidden_AndRolesKeepToTheirPages()
    {
        await using var host = await RunningHost.StartAsync();
        await host.Get<ILeadInbox>().AddAsync(new InboxEntry("lead-w-0000", "k1-a", "rm.chen", "CustomerGroup:Salaried", 100_000m, DateTimeOffset.UtcNow), CancellationToken.None);

        await ExpectAsync(HttpStatusCode.Forbidden, host, HttpMethod.Post, "/api/pages/leads/lead-w-0000/outcome", "rm.zhang", ("outcome", "Accepted"));
        await ExpectAsync(HttpStatusCode.NotFound, host, HttpMethod.Post, "/api/pages/leads/lead-w-9999/outcome", "rm.chen", ("outcome", "Accepted"));
        await ExpectAsync(HttpStatusCode.BadRequest, host, HttpMethod.Post, "/api/pages/leads/lead-w-0000/outcome", "rm.chen", ("outcome", "Expired"));
        await ExpectAsync(HttpStatusCode.SeeOther, host, HttpMethod.Post, "/api/pages/leads/lead-w-0000/outcome", "rm.chen", ("outcome", "Contacted"));
        Assert.NotNull((await host.Get<ILeadInbox>().GetAsync("lead-w-0000", CancellationToken.None))!.ContactedAt);
        await ExpectAsync(HttpStatusCode.NotFound, host, HttpMethod.Post, "/api/pages/leads/lead-w-0000/outcome", "rm.chen", ("outcome", "Accepted"));

        await ExpectAsync(HttpStatusCode.Forbidden, host, HttpMethod.Post, "/api/pages/leads/lead-w-0000/assign", "rm.chen", ("rm", "rm.chen"));
        await ExpectAsync(HttpStatusCode.Forbidden, host, HttpMethod.Get, "/api/pages/ops", "rm.zhang");
        await ExpectAsync(HttpStatusCode.Forbidden, host, HttpMethod.Get, "/api/pages/inbox", "ops-1");
        await ExpectAsync(HttpStatusCode.BadRequest, host, HttpMethod.Post, "/api/pages/leads/lead-w-0000/assign", "manager.sun", ("rm", "ops-1"));
    }

    [Fact]
    public async Task Claim_UnknownGroupsAndBadEmployers_Refused_ManagersReassign()
    {
        await using var host = await RunningHost.StartAsync();
        foreach (var (field, value) in new[] { ("group", "CustomerGroup:Nobody"), ("group", "Planet:Mars"), ("group", ""), ("employer", "91350100M000100Y4X") })
        {
            await ExpectAsync(HttpStatusCode.BadRequest, host, HttpMethod.Post, "/api/pages/groups/claim", "rm.zhang", (field, value));
        }

        await ExpectAsync(HttpStatusCode.SeeOther, host, HttpMethod.Post, "/api/pages/groups/claim", "rm.zhang", ("employer", "91350100M000100Y43"));
        await ExpectAsync(HttpStatusCode.Conflict, host, HttpMethod.Post, "/api/pages/groups/claim", "rm.chen", ("employer", "91350100M000100Y43"));
        await ExpectAsync(HttpStatusCode.Forbidden, host, HttpMethod.Post, "/api/pages/groups/release", "rm.chen", ("group", "Employer:91350100M000100Y43"));

        await ExpectAsync(HttpStatusCode.SeeOther, host, HttpMethod.Post, "/api/pages/groups/claim", "manager.sun", ("group", "Employer:91350100M000100Y43"), ("rm", "rm.chen"));
        var claim = Assert.Single(await host.Get<IGroupClaimStore>().ListAsync(CancellationToken.None).ToListAsync());
        Assert.Equal(("Employer:91350100M000100Y43", "rm.chen", "manager.sun"), (claim.GroupId, claim.RmId, claim.ClaimedBy));
    }

    /// <summary>samples/pages.http sent top to bottom to a fresh host: every request gets the status its title names.</summary>
    [Fact]
    public async Task Samples_EveryRequestOfTheHttpFile_GetsTheStatusItsTitleNames()
    {
        await using var host = await RunningHost.StartAsync();
        var text = File.ReadAllText(Path.Combine(AzuriteFixture.RepositoryRoot(), "samples", "pages.http"));
        var variables = System.Text.RegularExpressions.Regex.Matches(text, @"^@(\w+) = (.+)$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());
        variables["host"] = host.Http.BaseAddress!.ToString().TrimEnd('/');
        var blocks = text.Split("###", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(b => System.Text.RegularExpressions.Regex.Replace(b, @"\{\{(\w+)\}\}", m => variables[m.Groups[1].Value])).ToList();
        Assert.Equal(22, blocks.Count);
        foreach (var block in blocks)
        {
            var lines = block.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
            var expected = (HttpStatusCode)int.Parse(lines[0][(lines[0].LastIndexOf('→') + 1)..].Trim(), CultureInfo.InvariantCulture);
            var start = lines[1].Split(' ', 2);
            var blank = Array.FindIndex(lines, 2, string.IsNullOrWhiteSpace);
            using var request = new HttpRequestMessage(new HttpMethod(start[0]), start[1]);
            var body = blank < 0 ? string.Empty : string.Join('\n', lines[(blank + 1)..]).Trim();
            request.Content = start[0] == "POST" ? new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") : null;
            foreach (var header in lines[2..(blank < 0 ? lines.Length : blank)].Where(l => l.StartsWith("Cookie:", StringComparison.Ordinal)))
            {
                request.Headers.Add("Cookie", header["Cookie:".Length..].Trim());
            }

            using var response = await NoRedirects.SendAsync(request);
            Assert.True(expected == response.StatusCode, $"{lines[0].Trim()}: {response.StatusCode}");
        }
    }
}
