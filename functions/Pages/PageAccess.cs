using LifeWindow.Functions.Operations;

namespace LifeWindow.Functions.Pages;

/// <summary>What the signed-in operator may see on the pages.</summary>
public enum PageRole
{
    /// <summary>Their own leads and claims only.</summary>
    RelationshipManager,

    /// <summary>Every lead and group; assigns and reassigns.</summary>
    BranchManager,

    /// <summary>Any other operator: the operations page, not the leads.</summary>
    Operator,
}

public sealed record PageUser(string Id, PageRole Role)
{
    public bool SeesAllLeads => Role == PageRole.BranchManager;
}

/// <summary>Sign-in for the pages: the operator from App Service authentication, the bearer token or the sign-in cookie (<see cref="OperatorIdentity"/>).</summary>
public sealed class PageAccess(OperatorIdentity identity)
{
    public PageUser? Of(HttpRequest request) => identity.Of(request) is { } id
        ? new PageUser(id, identity.IsBranchManager(id) ? PageRole.BranchManager : identity.IsRelationshipManager(id) ? PageRole.RelationshipManager : PageRole.Operator)
        : null;

    public IReadOnlyList<string> RelationshipManagers => identity.RelationshipManagers;

    /// <summary>Not signed in: to the sign-in page, which comes back here.</summary>
    public static IResult SignIn(HttpRequest request) =>
        SeeOther(request, "/api/pages/sign-in?next=" + Uri.EscapeDataString(request.Path + request.QueryString));

    /// <summary>303 See Other: after a form's POST, the browser GETs <paramref name="location"/> (a reload does not post again).</summary>
    public static IResult SeeOther(HttpRequest request, string location)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.Location = location;
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>After a form's POST: back to <paramref name="page"/>, which shows <paramref name="notice"/>.</summary>
    public static IResult Done(HttpRequest request, string page, string notice) =>
        SeeOther(request, page + "?done=" + Uri.EscapeDataString(notice));

    /// <summary>Only paths of the pages themselves are followed after sign-in (no open redirect).</summary>
    public static string SafeNext(string? next) =>
        next is { Length: > 0 } && next.StartsWith("/api/pages/", StringComparison.Ordinal) && !next.Contains("//", StringComparison.Ordinal) ? next : "/api/pages/inbox";
}
