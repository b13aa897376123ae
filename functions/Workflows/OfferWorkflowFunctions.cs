using LifeWindow.Domain.Windows;
using LifeWindow.Orchestrations.Offer;

namespace LifeWindow.Functions.Workflows;

/// <summary>
/// Durable Functions triggers for the offer workflow. Each delegates to the orchestrator or activity
/// class in orchestrations/, which the local host runs unchanged on DTFx.
/// </summary>
public sealed class OfferWorkflowFunctions(IServiceProvider services)
{
    [Function(nameof(OfferOrchestrator))]
    public static Task<OfferResult> Offer([OrchestrationTrigger] TaskOrchestrationContext context, OfferInput input) =>
        new OfferOrchestrator().RunAsync(context, input);

    [Function(nameof(PlanOfferActivity))]
    public Task<OfferPlan> PlanOffer([ActivityTrigger] Window input, FunctionContext function) =>
        Run<PlanOfferActivity, Window, OfferPlan>(input, function);

    [Function(nameof(RenderTalkingScriptActivity))]
    public Task<string> RenderTalkingScript([ActivityTrigger] RenderScriptInput input, FunctionContext function) =>
        Run<RenderTalkingScriptActivity, RenderScriptInput, string>(input, function);

    [Function(nameof(DeliverLeadActivity))]
    public Task<LeadDelivered> DeliverLead([ActivityTrigger] DeliverLeadInput input, FunctionContext function) =>
        Run<DeliverLeadActivity, DeliverLeadInput, LeadDelivered>(input, function);

    [Function(nameof(EnqueueLeadActivity))]
    public Task<LeadQueued> EnqueueLead([ActivityTrigger] DeliverLeadInput input, FunctionContext function) =>
        Run<EnqueueLeadActivity, DeliverLeadInput, LeadQueued>(input, function);

    [Function(nameof(CloseLeadActivity))]
    public Task<bool> CloseLead([ActivityTrigger] CloseLeadInput input, FunctionContext function) =>
        Run<CloseLeadActivity, CloseLeadInput, bool>(input, function);

    [Function(nameof(RecordOutcomeActivity))]
    public Task<bool> RecordOutcome([ActivityTrigger] RecordOutcomeInput input, FunctionContext function) =>
        Run<RecordOutcomeActivity, RecordOutcomeInput, bool>(input, function);

    private Task<TOutput> Run<TActivity, TInput, TOutput>(TInput input, FunctionContext function)
        where TActivity : TaskActivity<TInput, TOutput> =>
        ActivityRunner.Run<TActivity, TInput, TOutput>(services, input, function);
}
