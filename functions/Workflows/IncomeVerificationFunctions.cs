using LifeWindow.Domain.Income;
using LifeWindow.Orchestrations.IncomeVerification;

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

    [Function(nameof(GatherIncomeActivity))]
    public Task<SourceEstimate> GatherIncome([ActivityTrigger] GatherIncomeInput input, FunctionContext function) =>
        Run<GatherIncomeActivity, GatherIncomeInput, SourceEstimate>(input, function);

    // Code version 1 of the orchestrator calls one activity per source by these names (GatherIncomeActivity.LegacyNames).
    [Function(GatherIncomeActivity.LegacyProvidentFund)]
    public Task<SourceEstimate> GatherProvidentFundV1([ActivityTrigger] GatherIncomeInput input, FunctionContext function) =>
        Run<GatherIncomeActivity, GatherIncomeInput, SourceEstimate>(input, function, GatherIncomeActivity.LegacyProvidentFund);

    [Function(GatherIncomeActivity.LegacyPayroll)]
    public Task<SourceEstimate> GatherPayrollV1([ActivityTrigger] GatherIncomeInput input, FunctionContext function) =>
        Run<GatherIncomeActivity, GatherIncomeInput, SourceEstimate>(input, function, GatherIncomeActivity.LegacyPayroll);

    [Function(GatherIncomeActivity.LegacyTaxDeclarations)]
    public Task<SourceEstimate> GatherTaxDeclarationsV1([ActivityTrigger] GatherIncomeInput input, FunctionContext function) =>
        Run<GatherIncomeActivity, GatherIncomeInput, SourceEstimate>(input, function, GatherIncomeActivity.LegacyTaxDeclarations);

    [Function(GatherIncomeActivity.LegacyInvoices)]
    public Task<SourceEstimate> GatherInvoicesV1([ActivityTrigger] GatherIncomeInput input, FunctionContext function) =>
        Run<GatherIncomeActivity, GatherIncomeInput, SourceEstimate>(input, function, GatherIncomeActivity.LegacyInvoices);

    [Function(nameof(ReconcileIncomeActivity))]
    public Task<IncomeReconciliation> ReconcileIncome([ActivityTrigger] ReconcileIncomeInput input, FunctionContext function) =>
        Run<ReconcileIncomeActivity, ReconcileIncomeInput, IncomeReconciliation>(input, function);

    private Task<TOutput> Run<TActivity, TInput, TOutput>(TInput input, FunctionContext function, string? name = null)
        where TActivity : TaskActivity<TInput, TOutput> =>
        ActivityRunner.Run<TActivity, TInput, TOutput>(services, input, function, name);
}
