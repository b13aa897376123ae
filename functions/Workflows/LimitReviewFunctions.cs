using LifeWindow.Domain.Windows;
using LifeWindow.Orchestrations.LimitReview;

namespace LifeWindow.Functions.Workflows;

/// <summary>
/// Durable Functions triggers for the limit review (docs/risk-side.md). Each delegates to the orchestrator or activity
/// class in orchestrations/, which the local host runs unchanged on DTFx.
/// </summary>
public sealed class LimitReviewFunctions(IServiceProvider services)
{
    [Function(nameof(LimitReviewOrchestrator))]
    public static Task<LimitReviewResult> LimitReview([OrchestrationTrigger] TaskOrchestrationContext context, LimitReviewInput input) =>
        new LimitReviewOrchestrator().RunAsync(context, input);

    [Function(nameof(ReadCreditLinesActivity))]
    public Task<LimitReviewPlan> ReadCreditLines([ActivityTrigger] Window input, FunctionContext function) =>
        Run<ReadCreditLinesActivity, Window, LimitReviewPlan>(input, function);

    [Function(nameof(ApplyLimitActionActivity))]
    public Task<IReadOnlyList<LineOutcome>> ApplyLimitAction([ActivityTrigger] ApplyLimitInput input, FunctionContext function) =>
        Run<ApplyLimitActionActivity, ApplyLimitInput, IReadOnlyList<LineOutcome>>(input, function);

    [Function(nameof(NotifyRelationshipManagerActivity))]
    public Task<RmNotified> NotifyRelationshipManager([ActivityTrigger] NotifyRmInput input, FunctionContext function) =>
        Run<NotifyRelationshipManagerActivity, NotifyRmInput, RmNotified>(input, function);

    [Function(nameof(CheckRiskSignalActivity))]
    public Task<SignalCheck> CheckRiskSignal([ActivityTrigger] CheckSignalInput input, FunctionContext function) =>
        Run<CheckRiskSignalActivity, CheckSignalInput, SignalCheck>(input, function);

    [Function(nameof(RestoreLimitActivity))]
    public Task<IReadOnlyList<LineOutcome>> RestoreLimit([ActivityTrigger] RestoreLimitInput input, FunctionContext function) =>
        Run<RestoreLimitActivity, RestoreLimitInput, IReadOnlyList<LineOutcome>>(input, function);

    private Task<TOutput> Run<TActivity, TInput, TOutput>(TInput input, FunctionContext function)
        where TActivity : TaskActivity<TInput, TOutput> =>
        ActivityRunner.Run<TActivity, TInput, TOutput>(services, input, function);
}
