namespace LifeWindow.Orchestrations.CreditDecision;

/// <summary>Keeps the decision with its checks, scorecard and reason codes for risk and compliance; first write wins.</summary>
public sealed class RecordDecisionActivity(ICreditDecisionStore decisions) : TaskActivity<CreditDecisionRecord, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, CreditDecisionRecord input)
    {
        await decisions.SaveAsync(input, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
