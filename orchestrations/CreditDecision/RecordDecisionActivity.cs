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
        await audit.AppendForCustomerAsync(
            input.CustomerKey,
            new AuditEntry
            {
                EntryId = "credit.decided:" + input.DecisionId,
                Kind = AuditKinds.CreditDecided,
                Subject = input.DecisionId,
                PolicyVersion = input.PolicyVersion,
                ReasonCodes = input.ReasonCodes,
                Detail = $"{input.Outcome} {input.Product}: requested {input.RequestedAmount}, approved {input.ApprovedAmount} at {input.AnnualRatePct}% (application {input.ApplicationId})",
                InputsDigest = AuditEntry.Digest(input.Evaluation),
            },
            CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
