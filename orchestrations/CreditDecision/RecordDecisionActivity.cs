namespace LifeWindow.Orchestrations.CreditDecision;

/// <summary>
/// Keeps the decision with its checks, scorecard and reason codes for risk and compliance (first write wins), and
/// appends it to the customer's audit chain.
/// </summary>
public sealed class RecordDecisionActivity(ICreditDecisionStore decisions, IAuditLog audit) : TaskActivity<CreditDecisionRecord, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, CreditDecisionRecord input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await decisions.SaveAsync(input, CancellationToken.None).ConfigureAwait(false);
        await audit.AppendForCustomerAsync(input.CustomerKey, AuditOf(input), CancellationToken.None).ConfigureAwait(false);
        return true;
    }

    private static AuditEntry AuditOf(CreditDecisionRecord decision) => new()
    {
        EntryId = "credit.decided:" + decision.DecisionId,
        Kind = AuditKinds.CreditDecided,
        Subject = decision.DecisionId,
        PolicyVersion = decision.PolicyVersion,
        ReasonCodes = decision.ReasonCodes,
        Detail = $"{decision.Outcome} {decision.Product}: requested {decision.RequestedAmount}, approved {decision.ApprovedAmount} at {decision.AnnualRatePct}% (application {decision.ApplicationId})",
        InputsDigest = AuditEntry.Digest(decision.Evaluation),
    };
}
