namespace LifeWindow.Orchestrations.CreditDecision;

/// <summary>The customer accepted: the held amount becomes a consumer balance. Idempotent by hold id; false once the hold has expired.</summary>
public sealed class ConfirmHoldActivity(IExposureStore exposure) : TaskActivity<HoldReference, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, HoldReference input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return exposure.ConfirmHoldAsync(input.CustomerKey, input.HoldId, input.At, CancellationToken.None);
    }
}
