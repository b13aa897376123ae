namespace LifeWindow.Functions.Ingress;

/// <summary>Pulls the property-registry partner's new records on the schedule in Pulls:PropertyRegistry:Schedule; does nothing while Pulls:PropertyRegistry:Enabled is false.</summary>
public sealed class PropertyRegistryPullFunction(PullJobRunner runner)
{
    public const string Schedule = "%Pulls:PropertyRegistry:Schedule%";

    [Function(nameof(PropertyRegistryPullFunction))]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(PullJobs.PropertyRegistry, cancellationToken);
}
