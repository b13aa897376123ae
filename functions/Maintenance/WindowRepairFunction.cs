namespace LifeWindow.Functions.Maintenance;

/// <summary>
/// Every minute: every open window has its offer workflow (started if missing, restarted if it failed), and a running
/// workflow of a window closed within the hour has heard it.
/// </summary>
public sealed partial class WindowRepairFunction(WindowRepairSweep sweep, ILogger<WindowRepairFunction> logger)
{
    public const string Schedule = "30 * * * * *";

    [Function(nameof(WindowRepairFunction))]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var report = await sweep.RunAsync(new DurableWorkflowGateway(durable), cancellationToken).ConfigureAwait(false);
        LogSwept(logger, report.OpenWindows, report.Failed, report.ClosedToldAgain);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Repair sweep: {Open} open windows ensured, {Failed} failed, {Told} closed windows' workflows told again")]
    private static partial void LogSwept(ILogger logger, int open, int failed, int told);
}
