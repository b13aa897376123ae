using LifeWindow.Domain.Income;
using LifeWindow.Orchestrations.IncomeVerification;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace LifeWindow.Functions.Workflows;

/// <summary>
/// Durable Functions triggers for the income-verification workflow. Each delegates to the orchestrator or
/// activity class in orchestrations/, which the local host runs unchanged on DTFx.
/// </summary>
public sealed class IncomeVerificationFunctions(IServiceProvider services)
{
    [Function(nameof(IncomeVerificationOrchestrator))]
    public static Task<IncomeVerificationResult> IncomeVerification([OrchestrationTrigger] TaskOrchestrationContext context, IncomeVerificationInput input) =>
        new IncomeVerificationOrchestrator().RunAsync(context, input);

    [Function(nameof(GatherProvidentFundActivity))]
    public Task<SourceEstimate> GatherProvidentFund([ActivityTrigger] GatherIncomeInput input, FunctionContext function) =>
        Run<GatherProvidentFundActivity, GatherIncomeInput, SourceEstimate>(input, function);

    [Function(nameof(GatherPayrollActivity))]
    public Task<SourceEstimate> GatherPayroll([ActivityTrigger] GatherIncomeInput input, FunctionContext function) =>
        Run<GatherPayrollActivity, GatherIncomeInput, SourceEstimate>(input, function);

    [Function(nameof(GatherTaxDeclarationsActivity))]
    public Task<SourceEstimate> GatherTaxDeclarations([ActivityTrigger] GatherIncomeInput input, FunctionContext function) =>
        Run<GatherTaxDeclarationsActivity, GatherIncomeInput, SourceEstimate>(input, function);

    [Function(nameof(GatherInvoicesActivity))]
    public Task<SourceEstimate> GatherInvoices([ActivityTrigger] GatherIncomeInput input, FunctionContext function) =>
        Run<GatherInvoicesActivity, GatherIncomeInput, SourceEstimate>(input, function);

    [Function(nameof(ReconcileIncomeActivity))]
    public Task<IncomeReconciliation> ReconcileIncome([ActivityTrigger] ReconcileIncomeInput input, FunctionContext function) =>
        Run<ReconcileIncomeActivity, ReconcileIncomeInput, IncomeReconciliation>(input, function);

    private Task<TOutput> Run<TActivity, TInput, TOutput>(TInput input, FunctionContext function)
        where TActivity : TaskActivity<TInput, TOutput> =>
        ActivityRunner.Run<TActivity, TInput, TOutput>(services, input, function);
}
