using System.Diagnostics;
using LifeWindow.Integration.Claims;
using LifeWindow.Integration.Outbox;
using LifeWindow.Integration.Telemetry;

namespace LifeWindow.Orchestrations.LimitReview;

/// <summary>
/// Tells the relationship manager: a lead for the catalog's LimitReview offer (kind Service, category Risk) whose script
/// is the notice — the signal and what was done to the line — goes the offer workflow's way: into the outbox, into the
/// inbox of the RM who holds the customer's group, and one immediate attempt toward the CRM (docs/crm-contract.md). The RM
/// is the bank's own staff acting on a risk duty, so the marketing contact rules do not apply. Lead id from the window id:
/// a retry queues nothing twice.
/// </summary>
public sealed class NotifyRelationshipManagerActivity(
    ILeadOutbox outbox,
    LeadDispatcher dispatcher,
    LeadRouter router,
    RuleCatalog catalog,
    IAuditLog audit,
    TimeProvider time) : TaskActivity<NotifyRmInput, RmNotified>
{
    public override async Task<RmNotified> RunAsync(TaskActivityContext context, NotifyRmInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var activity = LifeWindowTelemetry.StartActivity("lifewindow.lead.enqueue", ActivityKind.Internal, input.TraceParent);
        var window = input.Window;
        var offer = catalog.Offer(window.CandidateOffers[0]);
        var done = ActionText(input.Lines);
        var notice = input.Lines.Count == 0
            ? $"【风险预警】{string.Join("；", window.Reasons)}。{done}，请核实客户情况。"
            : $"【额度复核】{string.Join("；", window.Reasons)}。{done}。请核实客户情况，风险信号解除后系统将自动恢复额度。";
        var lead = new DeliverLeadInput(window with { Reasons = [.. window.Reasons, done] }, new OfferChoice(offer.Id, offer.Name, offer.Kind), notice, input.At) { TraceParent = input.TraceParent }.ToLead();
        var (queued, entry) = await outbox.EnqueueLeadAsync(lead, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        await router.RouteAsync(queued, CancellationToken.None).ConfigureAwait(false);
        var status = entry.Status == OutboxStatus.Pending && entry.NextAttemptAt <= time.GetUtcNow()
            ? await dispatcher.TryDeliverAsync(entry, workflows: null, CancellationToken.None).ConfigureAwait(false)
            : entry.Status;
        await audit.AppendForCustomerAsync(window.CustomerKey, LimitReviewAudits.Entry(
            window, AuditKinds.LimitRmNotified, "notified", $"lead {queued.LeadId}: {done}", [window.RuleId, offer.Id, status.ToString()]), CancellationToken.None).ConfigureAwait(false);
        return new RmNotified(queued.LeadId, status == OutboxStatus.Sent);
    }

    /// <summary>What was done to the lines, in the RM's words.</summary>
    public static string ActionText(IReadOnlyList<LineOutcome> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return "客户暂无备用金额度，未调整额度";
        }

        return string.Join("；", lines.Select(l => l.Frozen
            ? string.Create(CultureInfo.InvariantCulture, $"备用金{l.AccountId}已冻结，可用额度0元（额度{l.Limit:0.##}元）")
            : string.Create(CultureInfo.InvariantCulture, $"备用金{l.AccountId}额度由{l.LimitBefore:0.##}元下调至{l.Limit:0.##}元，可用额度{l.Available:0.##}元")));
    }
}
