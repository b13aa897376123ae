namespace LifeWindow.Orchestrations.IncomeVerification;

/// <summary>
/// Reconciliation is pure and could run inside the orchestrator, but as an activity its result is
/// recorded in the history: a later change to the reconciliation formula then cannot change, on
/// replay, whether an instance in flight asked for documents (which would be a non-determinism error).
/// </summary>
public sealed class ReconcileIncomeActivity : TaskActivity<ReconcileIncomeInput, IncomeReconciliation>
{
    public override Task<IncomeReconciliation> RunAsync(TaskActivityContext context, ReconcileIncomeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Task.FromResult(IncomeReconciler.Reconcile(input.DeclaredMonthlyIncome, input.Estimates, input.Policy));
    }
}
