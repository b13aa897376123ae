namespace LifeWindow.Orchestrations.IncomeVerification;

/// <summary>
/// Reconciliation is pure and could run inside the orchestrator, but as an activity its result is
/// recorded in the history: a later change to the reconciliation formula then cannot change, on
/// replay, whether an instance in flight asked for documents (which would be a non-determinism error). The verdict
/// goes to the customer's audit chain.
/// </summary>
public sealed class ReconcileIncomeActivity(IAuditLog audit) : TaskActivity<ReconcileIncomeInput, IncomeReconciliation>
{
    public override async Task<IncomeReconciliation> RunAsync(TaskActivityContext context, ReconcileIncomeInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var reconciled = IncomeReconciler.Reconcile(input.DeclaredMonthlyIncome, input.Estimates, input.Policy);
        if (input.CustomerKey is { } customerKey)
        {
            await audit.AppendForCustomerAsync(customerKey, AuditOf(context.InstanceId, input, reconciled), CancellationToken.None).ConfigureAwait(false);
        }

        return reconciled;
    }

    private static AuditEntry AuditOf(string instanceId, ReconcileIncomeInput input, IncomeReconciliation reconciled) => new()
    {
        EntryId = "income.reconciled:" + instanceId,
        Kind = AuditKinds.IncomeReconciled,
        Subject = instanceId,
        PolicyVersion = input.Policy.Version,
        ReasonCodes = [reconciled.NeedsDocuments ? "NeedsDocuments" : "Verified", .. reconciled.Used.Select(s => s.ToString())],
        Detail = $"declared {reconciled.DeclaredMonthlyIncome}, verified {reconciled.VerifiedMonthlyIncome?.ToString(CultureInfo.InvariantCulture) ?? "none"}, confidence {reconciled.Confidence}, discrepancy {reconciled.DiscrepancyPct?.ToString(CultureInfo.InvariantCulture) ?? "n/a"}%",
        InputsDigest = AuditEntry.Digest(input.Estimates),
    };
}
