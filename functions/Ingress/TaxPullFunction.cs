namespace LifeWindow.Functions.Ingress;

/// <summary>Pulls the tax partner's new records on the schedule in Pulls:Tax:Schedule; does nothing while Pulls:Tax:Enabled is false.</summary>
public sealed class TaxPullFunction(PullJobRunner runner)
{
    public const string Schedule = "%Pulls:Tax:Schedule%";

    [Function(nameof(TaxPullFunction))]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(PullJobs.Tax, cancellationToken);
}
