using LifeWindow.Integration.DeadLetters;
using LifeWindow.Integration.Outbox;
using LifeWindow.Integration.Telemetry;

namespace LifeWindow.Functions.Pages;

/// <summary>
/// The operations page: GET /api/pages/ops (feed health, consumer lag, dead letters, pending and parked leads, workflows by
/// state, windows by rule, the funnel picture from GET /api/pages/funnel.svg); POST /api/pages/dead-letters/{id}/resubmit and /api/pages/leads/{leadId}/redeliver do what the
/// operator API's resubmit and redeliver do. For operators and branch managers; a relationship manager sees leads only.
/// </summary>
public sealed class OperationsPage(PageAccess access, OpsReader ops, DeadLetterService deadLetters, ILeadOutbox outbox, LeadDispatcher dispatcher, FunnelReader funnel)
{
    private const int Shown = 50;

    [Function("OperationsPage")]
    public async Task<IResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pages/ops")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var user = access.Of(request);
        if (Denied(request, user) is { } denied)
        {
            return denied;
        }

        var summary = await ops.ReadAsync(cancellationToken) with { Workflows = await new Orchestrations.DurableWorkflowCensus(durable).CountByStatusAsync(cancellationToken) };
        var letters = await deadLetters.ListAsync(null, DeadLetterStatus.Open, cancellationToken).Take(Shown).ToListAsync(cancellationToken);
        var waiting = await outbox.ListAsync(OutboxStatus.Parked, cancellationToken).Concat(outbox.ListAsync(OutboxStatus.Pending, cancellationToken)).Take(Shown).ToListAsync(cancellationToken);
        return PageHtml.Page("运营看板", user!.Id, OperationsView.Render(summary, letters, waiting, request.Query["done"]));
    }

    /// <summary>GET /api/pages/funnel.svg: the funnel picture (docs/funnel.md) from the stores as they are now.</summary>
    [Function("FunnelPicturePage")]
    public async Task<IResult> Funnel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pages/funnel.svg")] HttpRequest request,
        CancellationToken cancellationToken) =>
        Denied(request, access.Of(request)) ?? Results.Content(FunnelPicture.Render(await funnel.ReadAsync(cancellationToken)), "image/svg+xml; charset=utf-8");

    [Function("ResubmitDeadLetterPage")]
    public async Task<IResult> Resubmit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pages/dead-letters/{id}/resubmit")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        Denied(request, access.Of(request)) ?? Done(request, (await deadLetters.ResubmitAsync(id, cancellationToken)).Status switch
        {
            ResubmitStatus.Accepted => $"死信 {id} 已重新提交并被接收",
            var status => $"死信 {id}：{status}",
        });

    [Function("RedeliverLeadPage")]
    public async Task<IResult> Redeliver(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pages/leads/{leadId}/redeliver")] HttpRequest request,
        string leadId,
        CancellationToken cancellationToken) =>
        Denied(request, access.Of(request)) ?? await RedeliverAsync(request, leadId, cancellationToken);

    private async Task<IResult> RedeliverAsync(HttpRequest request, string leadId, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var (status, _) = await dispatcher.RedeliverAsync(leadId, Enum.TryParse<LeadEventKind>(form["kind"], out var kind) ? kind : LeadEventKind.Created, cancellationToken);
        return Done(request, status == RedeliverStatus.Scheduled ? $"线索 {leadId} 已安排立即投递" : $"线索 {leadId}：{status}");
    }

    private static IResult Done(HttpRequest request, string notice) => PageAccess.Done(request, "/api/pages/ops", notice);

    private static IResult? Denied(HttpRequest request, PageUser? user) => user switch
    {
        null => PageAccess.SignIn(request),
        { Role: PageRole.RelationshipManager } => PageHtml.Problem(user.Id, StatusCodes.Status403Forbidden, "无权查看", "运营看板只对运营人员和支行长开放。"),
        _ => null,
    };
}
