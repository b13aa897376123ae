namespace LifeWindow.Orchestrations.CreditDecision;

/// <summary>Holds the approved amount in exposure under the cap; the hold id is the decision's instance id, so a rerun is a no-op.</summary>
public sealed class PlaceHoldActivity(IExposureStore exposure) : TaskActivity<HoldRequest, HoldResult>
{
    public override Task<HoldResult> RunAsync(TaskActivityContext context, HoldRequest input) =>
        exposure.TryPlaceHoldAsync(input, CancellationToken.None);
}
