namespace LifeWindow.Integration.Lifecycle;

/// <summary>What a sweep did: open windows found, workflows ensured, failures; and workflows of recently closed windows told again.</summary>
public sealed record RepairReport(int OpenWindows, int Ensured, int Failed, int ClosedToldAgain = 0);

public sealed class RepairOptions
{
    public const string Section = "Repair";

    /// <summary>
    /// A window's workflow created but not begun for this long is started afresh: its start was lost. Longer than the
    /// engine takes to hand a dead host's queue messages to another (Durable queue visibility, 5 min, plus its lease).
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(30, 86_400)]
    public int StrandedStartAfterSeconds { get; set; } = 600;

    /// <summary>
    /// A window suppressed or superseded this recently has its still-running workflow told again: the consumer records the
    /// state, then its trigger tells the workflow, and a crash between the two would leave the workflow unaware.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(60, 604_800)]
    public int RetellClosedWithinSeconds { get; set; } = 3600;
}

/// <summary>
/// The safety net under "every open window gets its workflow": the consumer starts a window's workflow right after
/// recording it, and a redelivered record starts it again, but a crash between the two with no redelivery to come
/// would strand the window. The sweep asks the gateway to start every open, unexpired window's workflow: a no-op for
/// one that runs or has ended, a fresh start for one missing, failed, or created but never begun for
/// <see cref="RepairOptions.StrandedStartAfterSeconds"/> (<see cref="IWorkflowGateway.EnsureOfferAsync"/>).
/// The same for "every closed window's workflow hears it": a window suppressed or superseded within
/// <see cref="RepairOptions.RetellClosedWithinSeconds"/> whose workflow still runs is told again (a workflow that heard
/// already has ended, so the notice finds nothing live; one still waiting ends on either notice).
/// It reads every window (a scan); cheap next to the minute between runs at the volumes windows come in.
/// </summary>
public sealed partial class WindowRepairSweep(IWindowStore windows, TimeProvider time, Microsoft.Extensions.Options.IOptions<RepairOptions> options, ILogger<WindowRepairSweep> logger)
{
    public async Task<RepairReport> RunAsync(IWorkflowGateway workflows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        var now = time.GetUtcNow();
        var (open, ensured, failed, told) = (0, 0, 0, 0);
        await foreach (var window in windows.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (window.State is WindowState.Suppressed or WindowState.Superseded or WindowState.Cleared && window.StateChangedAt >= now.AddSeconds(-options.Value.RetellClosedWithinSeconds))
            {
                told += await RetellClosedAsync(window, workflows, cancellationToken).ConfigureAwait(false) ? 1 : 0;
                continue;
            }

            if (window.State != WindowState.Open || window.ClosesAt <= now)
            {
                continue;
            }

            open++;
            try
            {
                await workflows.EnsureOfferAsync(window, TimeSpan.FromSeconds(options.Value.StrandedStartAfterSeconds), cancellationToken).ConfigureAwait(false);
                ensured++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed++;
                LogFailed(logger, ex, window.WindowId);
            }
        }

        return new RepairReport(open, ensured, failed, told);
    }

    private async Task<bool> RetellClosedAsync(Window window, IWorkflowGateway workflows, CancellationToken cancellationToken)
    {
        try
        {
            var reason = $"{window.State} (the repair sweep repeats the notice)";
            return await workflows.NotifyWindowClosedAsync(window, window.State, reason, cancellationToken).ConfigureAwait(false) == RaiseOutcome.Raised;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex, window.WindowId);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Repair sweep could not ensure the workflow of window {WindowId}; the next sweep tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception, string windowId);
}
