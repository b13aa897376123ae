using LifeWindow.Integration.Credit;
using LifeWindow.Integration.Exposure;
using LifeWindow.Domain.Credit;
using LifeWindow.Orchestrations.CreditDecision;

namespace LifeWindow.Functions.Workflows;

/// <summary>Durable Functions triggers for the credit decision; each delegates to the class in orchestrations/CreditDecision.</summary>
public sealed class CreditDecisionFunctions(IServiceProvider services)
{
    [Function(nameof(CreditDecisionOrchestrator))]
    public static Task<CreditDecisionResult> CreditDecision([OrchestrationTrigger] TaskOrchestrationContext context, CreditDecisionInput input) =>
        new CreditDecisionOrchestrator().RunAsync(context, input);

    [Function(nameof(LoadApplicantActivity))]
    public Task<ApplicantFacts> LoadApplicant([ActivityTrigger] LoadApplicantInput input, FunctionContext function) =>
        Run<LoadApplicantActivity, LoadApplicantInput, ApplicantFacts>(input, function);

    [Function(nameof(PlaceHoldActivity))]
    public Task<HoldResult> PlaceHold([ActivityTrigger] HoldRequest input, FunctionContext function) =>
        Run<PlaceHoldActivity, HoldRequest, HoldResult>(input, function);

    [Function(nameof(ReleaseHoldActivity))]
    public Task<bool> ReleaseHold([ActivityTrigger] HoldReference input, FunctionContext function) =>
        Run<ReleaseHoldActivity, HoldReference, bool>(input, function);

    [Function(nameof(ConfirmHoldActivity))]
    public Task<bool> ConfirmHold([ActivityTrigger] HoldReference input, FunctionContext function) =>
        Run<ConfirmHoldActivity, HoldReference, bool>(input, function);

    [Function(nameof(RecordDecisionActivity))]
    public Task<bool> RecordDecision([ActivityTrigger] CreditDecisionRecord input, FunctionContext function) =>
        Run<RecordDecisionActivity, CreditDecisionRecord, bool>(input, function);

    private Task<TOutput> Run<TActivity, TInput, TOutput>(TInput input, FunctionContext function)
        where TActivity : TaskActivity<TInput, TOutput> =>
        ActivityRunner.Run<TActivity, TInput, TOutput>(services, input, function);
}
