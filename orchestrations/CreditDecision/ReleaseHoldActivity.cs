namespace LifeWindow.Orchestrations.CreditDecision;

/// <summary>Frees a held amount (approvers rejected, the offer was declined or expired). Idempotent by hold id.</summary>
public sealed class ReleaseHoldActivity(IExposureStore exposure) : TaskActivity<HoldReference, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, HoldReference input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return exposure.ReleaseHoldAsync(input.CustomerKey, input.HoldId, input.At, CancellationToken.None);
    }
}
