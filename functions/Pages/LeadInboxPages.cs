using LifeWindow.Domain.Leads;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Claims;

namespace LifeWindow.Functions.Pages;

/// <summary>
/// The RM lead inbox: GET /api/pages/inbox (?group, rule, status) lists the signed-in RM's leads (a branch manager's: every
/// lead); POST /api/pages/leads/{leadId}/outcome reports Accepted or Declined through the same path as the CRM's callback
/// (the outcome raised on the lead's offer workflow), or Contacted on the inbox; POST …/assign is the branch manager's.
/// </summary>
public sealed class LeadInboxPages(PageAccess access, LeadInboxReader reader, LeadInboxActions actions, RuleCatalog catalog)
{
    [Function("LeadInboxPage")]
    public async Task<IResult> Inbox(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pages/inbox")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var user = access.Of(request);
        if (user is null or { Role: PageRole.Operator })
        {
            return user is null ? PageAccess.SignIn(request) : PageHtml.Problem(user.Id, StatusCodes.Status403Forbidden, "无权查看", "线索收件箱只对客户经理和支行长开放。");
        }

        var filter = new InboxFilter(request.Query["group"], request.Query["rule"], Enum.TryParse<InboxStatus>(request.Query["status"], out var s) ? s : null);
        var rows = await reader.ListAsync(user.SeesAllLeads ? null : user.Id, filter, cancellationToken);
        return PageHtml.Page("线索收件箱", user.Id, LeadInboxView.Render(user, rows, filter, catalog.Rules.Select(r => r.Id), access.RelationshipManagers, request.Query["done"]));
    }

    [Function("ReportLeadOutcome")]
    public async Task<IResult> Outcome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pages/leads/{leadId}/outcome")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string leadId,
        CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        return await actions.ReportAsync(request, access.Of(request), leadId, form["outcome"], new DurableWorkflowGateway(durable), cancellationToken);
    }

    [Function("AssignLead")]
    public async Task<IResult> Assign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pages/leads/{leadId}/assign")] HttpRequest request,
        string leadId,
        CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        return await actions.AssignAsync(request, access.Of(request), leadId, form["rm"], cancellationToken);
    }
}

/// <summary>The inbox's buttons: who may press them, and what each does.</summary>
public sealed class LeadInboxActions(ILeadInbox inbox, PageAccess access, TimeProvider time)
{
    public async Task<IResult> ReportAsync(HttpRequest request, PageUser? user, string leadId, string? answer, IWorkflowGateway workflows, CancellationToken cancellationToken)
    {
        var (entry, problem) = await AllowedAsync(user, leadId, cancellationToken);
        if (entry is null)
        {
            return problem!;
        }

        var now = time.GetUtcNow();
        if (answer == "Contacted")
        {
            return await ContactedAsync(request, entry, now, "已记录联系", cancellationToken);
        }

        if (answer is not ("Accepted" or "Declined"))
        {
            return PageHtml.Problem(user!.Id, StatusCodes.Status400BadRequest, "无效的结果", "结果只能是 Accepted、Declined 或 Contacted。");
        }

        var outcome = new CrmOutcome(leadId, Enum.Parse<LeadOutcome>(answer), user!.Id, now, "RM 收件箱");
        return await workflows.RaiseCrmOutcomeAsync(Lead.WindowIdFrom(leadId)!, outcome, cancellationToken) switch
        {
            RaiseOutcome.Raised => await ContactedAsync(request, entry, now, answer == "Accepted" ? "已接受，结果已交给工作流" : "已拒绝，结果已交给工作流", cancellationToken),
            RaiseOutcome.NotFound => PageHtml.Problem(user.Id, StatusCodes.Status404NotFound, "找不到工作流", $"线索 {leadId} 没有对应的报价工作流。"),
            _ => PageHtml.Problem(user.Id, StatusCodes.Status409Conflict, "线索已关闭", $"线索 {leadId} 的工作流已结束（结果已记录或窗口已过期）。"),
        };
    }

    public async Task<IResult> AssignAsync(HttpRequest request, PageUser? user, string leadId, string? rmId, CancellationToken cancellationToken)
    {
        if (user is not { Role: PageRole.BranchManager })
        {
            return user is null ? PageAccess.SignIn(request) : PageHtml.Problem(user.Id, StatusCodes.Status403Forbidden, "无权分配", "只有支行长可以分配线索。");
        }

        if (await inbox.GetAsync(leadId, cancellationToken) is not { } entry || rmId is null || !access.RelationshipManagers.Contains(rmId))
        {
            return PageHtml.Problem(user.Id, StatusCodes.Status400BadRequest, "无法分配", $"线索 {leadId} 不存在，或 {rmId} 不是客户经理。");
        }

        await inbox.ReplaceAsync(entry with { RmId = rmId, AssignedBy = user.Id }, cancellationToken);
        return PageAccess.Done(request, "/api/pages/inbox", $"已分配给 {rmId}");
    }

    private async Task<IResult> ContactedAsync(HttpRequest request, InboxEntry entry, DateTimeOffset now, string done, CancellationToken cancellationToken)
    {
        await inbox.ReplaceAsync(entry with { ContactedAt = entry.ContactedAt ?? now }, cancellationToken);
        return PageAccess.Done(request, "/api/pages/inbox", done);
    }

    /// <summary>The lead's inbox entry when the user may answer for it (an RM their own leads, a branch manager any); else the page that says why.</summary>
    private async Task<(InboxEntry? Entry, IResult? Problem)> AllowedAsync(PageUser? user, string leadId, CancellationToken cancellationToken)
    {
        if (user is null)
        {
            return (null, PageHtml.Problem(null, StatusCodes.Status401Unauthorized, "请先登录", "请先登录后再操作。"));
        }

        var entry = await inbox.GetAsync(leadId, cancellationToken);
        return entry is null ? (null, PageHtml.Problem(user.Id, StatusCodes.Status404NotFound, "找不到线索", $"收件箱中没有线索 {leadId}。"))
            : user.Role == PageRole.BranchManager || (user.Role == PageRole.RelationshipManager && entry.RmId == user.Id) ? (entry, null)
            : (null, PageHtml.Problem(user.Id, StatusCodes.Status403Forbidden, "无权操作", "这条线索不在你的收件箱中。"));
    }
}
