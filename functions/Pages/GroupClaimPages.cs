using LifeWindow.Domain.Claims;
using LifeWindow.Domain.Windows;
using LifeWindow.Domain.Identity;
using LifeWindow.Integration.Claims;

namespace LifeWindow.Functions.Pages;

/// <summary>
/// Customer-group claiming (管群分包认领, seed 004): GET /api/pages/groups shows every group, who holds it and its figures;
/// POST /api/pages/groups/claim claims one (an RM for themselves; a branch manager assigns or reassigns to an RM);
/// POST /api/pages/groups/release gives it up. Claims never overlap: one RM per group.
/// </summary>
public sealed class GroupClaimPages(PageAccess access, IGroupClaimStore claims, LeadInboxReader reader, RuleCatalog catalog, TimeProvider time)
{
    [Function("GroupClaimsPage")]
    public async Task<IResult> Groups(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pages/groups")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (access.Of(request) is not { } user)
        {
            return PageAccess.SignIn(request);
        }

        var held = await claims.ListAsync(cancellationToken).ToListAsync(cancellationToken);
        var figures = await reader.FiguresAsync(held, cancellationToken);
        var groups = GroupClaimView.Claimable(catalog.Tags, held.Select(c => c.GroupId).Concat(figures.Select(f => f.GroupId)));
        return PageHtml.Page("客群认领", user.Id, GroupClaimView.Render(user, groups, held, figures, access.RelationshipManagers, request.Query["done"]));
    }

    [Function("ClaimGroup")]
    public async Task<IResult> Claim(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pages/groups/claim")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var groupId = form["employer"] is { Count: > 0 } employer ? $"Employer:{employer.ToString().Trim().ToUpperInvariant()}" : form["group"].ToString();
        return await ClaimAsync(request, access.Of(request), groupId, form["rm"], cancellationToken);
    }

    [Function("ReleaseGroup")]
    public async Task<IResult> Release(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pages/groups/release")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        return await ReleaseAsync(request, access.Of(request), form["group"].ToString(), cancellationToken);
    }

    private async Task<IResult> ClaimAsync(HttpRequest request, PageUser? user, string groupId, string? rmId, CancellationToken cancellationToken)
    {
        if (user is null or { Role: PageRole.Operator })
        {
            return user is null ? PageAccess.SignIn(request) : PageHtml.Problem(user.Id, StatusCodes.Status403Forbidden, "无权认领", "只有客户经理和支行长可以认领客群。");
        }

        var manager = user.Role == PageRole.BranchManager;
        var rm = manager ? rmId : user.Id;
        if (!ClaimableGroup.TryParse(groupId, out var group) || !IsClaimable(group) || rm is null || !access.RelationshipManagers.Contains(rm))
        {
            return PageHtml.Problem(user.Id, StatusCodes.Status400BadRequest, "无法认领", $"“{groupId}”不是可认领的客群（代发单位须为有效的统一社会信用代码），或 {rm} 不是客户经理。");
        }

        var standing = await claims.ClaimAsync(new GroupClaim(group.Id, rm, user.Id, time.GetUtcNow()), replace: manager, cancellationToken);
        return standing.RmId == rm
            ? PageAccess.Done(request, "/api/pages/groups", $"{GroupClaimView.Label(group.Id)} 已归 {rm}")
            : PageHtml.Problem(user.Id, StatusCodes.Status409Conflict, "客群已被认领", $"{GroupClaimView.Label(group.Id)} 已由 {standing.RmId} 认领；请联系支行长改派。");
    }

    /// <summary>One of the listed groups, or an employer by a valid unified social credit code.</summary>
    private bool IsClaimable(ClaimableGroup group) =>
        group.Dimension == GroupDimension.Employer
            ? UnifiedSocialCreditCode.TryValidate(group.Value, out var normalized, out _) && normalized == group.Value
            : GroupClaimView.Claimable(catalog.Tags, []).Contains(group.Id, StringComparer.Ordinal);

    private async Task<IResult> ReleaseAsync(HttpRequest request, PageUser? user, string groupId, CancellationToken cancellationToken)
    {
        if (user is null)
        {
            return PageAccess.SignIn(request);
        }

        var held = await claims.ListAsync(cancellationToken).FirstOrDefaultAsync(c => c.GroupId == groupId, cancellationToken);
        if (held is null || !(user.Role == PageRole.BranchManager || (user.Role == PageRole.RelationshipManager && held.RmId == user.Id)))
        {
            return PageHtml.Problem(user.Id, held is null ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden, "无法放弃", $"{GroupClaimView.Label(groupId)} 未被认领，或不归你。");
        }

        await claims.ReleaseAsync(groupId, cancellationToken);
        return PageAccess.Done(request, "/api/pages/groups", $"{GroupClaimView.Label(groupId)} 已释放");
    }
}
