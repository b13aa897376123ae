using LifeWindow.Functions.Operations;

namespace LifeWindow.Functions.Pages;

/// <summary>
/// GET/POST /api/pages/sign-in and POST /api/pages/sign-out: the pages' sign-in with an operator token (Operators:Tokens),
/// kept in an HttpOnly, SameSite=Strict cookie. Behind App Service authentication the principal signs in and this page is
/// not needed.
/// </summary>
public sealed class SignInPages(OperatorIdentity identity)
{
    [Function("SignInPage")]
    public IResult Form(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pages/sign-in")] HttpRequest request) =>
        PageHtml.Page("登录", null, FormHtml(request.Query["next"], error: null));

    [Function("SignIn")]
    public async Task<IResult> SignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pages/sign-in")] HttpRequest request)
    {
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var token = form["token"].ToString().Trim();
        if (token.Length == 0 || identity.OfToken(token) is not { } operatorId)
        {
            return PageHtml.Page("登录", null, FormHtml(form["next"], "令牌无效，请检查后重试。"), StatusCodes.Status401Unauthorized);
        }

        request.HttpContext.Response.Cookies.Append(OperatorIdentity.TokenCookie, token, Cookie(request));
        return PageAccess.SeeOther(request, PageAccess.SafeNext(form["next"]));
    }

    [Function("SignOut")]
    public IResult SignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pages/sign-out")] HttpRequest request)
    {
        request.HttpContext.Response.Cookies.Delete(OperatorIdentity.TokenCookie, Cookie(request));
        return PageAccess.SeeOther(request, "/api/pages/sign-in");
    }

    private static CookieOptions Cookie(HttpRequest request) =>
        new() { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = request.IsHttps, Path = "/api/", MaxAge = TimeSpan.FromHours(10) };

    private static string FormHtml(string? next, string? error) => $"""
        {(error is null ? string.Empty : $"""<p class="notice error" role="alert">{PageHtml.E(error)}</p>""")}
        <form method="post" action="/api/pages/sign-in">
        <input type="hidden" name="next" value="{PageHtml.E(PageAccess.SafeNext(next))}">
        <label>操作员令牌 <input type="password" name="token" autocomplete="off" required></label>
        <button type="submit">登录</button></form>
        <p class="muted">本地主机使用 Operators:Tokens 中配置的令牌；Azure 上由应用服务身份验证登录。</p>
        """;
}
