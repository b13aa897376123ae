namespace LifeWindow.Functions.Ingress;

/// <summary>Pulls the provident-fund partner's new records on the schedule in Pulls:ProvidentFund:Schedule; does nothing while Pulls:ProvidentFund:Enabled is false.</summary>
public sealed class ProvidentFundPullFunction(PullJobRunner runner)
{
    public const string Schedule = "%Pulls:ProvidentFund:Schedule%";

    [Function(nameof(ProvidentFundPullFunction))]
    public Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        runner.RunAsync(PullJobs.ProvidentFund, cancellationToken);
}
