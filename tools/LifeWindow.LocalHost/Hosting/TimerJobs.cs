using Cronos;
using Microsoft.Extensions.Configuration;

namespace LifeWindow.LocalHost.Hosting;

/// <summary>
/// Runs every [TimerTrigger] function of the Functions app on its own CRON schedule (Cronos, with seconds, UTC).
/// A schedule that names a setting ("%Pulls:Tax:Schedule%") which is not configured leaves that one timer
/// off, with a warning, rather than stopping the host; a malformed CRON expression still fails at start-up.
/// Timers named in "LocalHost:TimersOff" are not run at all.
/// </summary>
public sealed partial class TimerJobs(IServiceProvider services, IConfiguration configuration, TimeProvider time, ILogger<TimerJobs> logger) : BackgroundService
{
    private readonly List<(MethodInfo Method, string Name, string Setting, CronExpression? Schedule)> timers = Discover(configuration);

    public IReadOnlyList<(string Name, CronExpression Schedule)> Schedules =>
        timers.Where(t => t.Schedule is not null).Select(t => (t.Name, t.Schedule!)).ToList();

    /// <summary>Timer functions left off because their schedule setting is not configured.</summary>
    public IReadOnlyList<string> Unscheduled => timers.Where(t => t.Schedule is null).Select(t => t.Name).ToList();

    public static CronExpression ParseSchedule(string schedule, IConfiguration configuration) =>
        TryParseSchedule(schedule, configuration) ?? throw new InvalidOperationException($"Timer schedule setting '{schedule}' is not configured.");

    /// <summary>The schedule, or null when it names a setting that is not configured; throws for a malformed expression.</summary>
    public static CronExpression? TryParseSchedule(string schedule, IConfiguration configuration)
    {
        var expression = schedule.StartsWith('%') && schedule.EndsWith('%') ? configuration[schedule.Trim('%')] : schedule;
        if (string.IsNullOrWhiteSpace(expression))
        {
            return null;
        }

        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CronExpression.Parse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var (_, name, setting, _) in timers.Where(t => t.Schedule is null))
        {
            LogUnscheduled(logger, name, setting);
        }

        return Task.WhenAll(timers.Where(t => t.Schedule is not null).Select(t => RunAsync(t.Method, t.Name, t.Schedule!, stoppingToken)));
    }

    /// <summary>Local-host setting: timer functions not to run at all, e.g. because the caller runs them itself (the demo runs the pulls).</summary>
    public const string TimersOffSetting = "LocalHost:TimersOff";

    private static List<(MethodInfo, string, string, CronExpression?)> Discover(IConfiguration configuration)
    {
        var off = configuration.GetSection(TimersOffSetting).Get<string[]>() ?? [];
        return FunctionCatalog.WithTrigger<TimerTriggerAttribute>()
            .Where(t => !off.Contains(t.Name, StringComparer.Ordinal))
            .Select(t => (t.Method, t.Name, t.Trigger.Schedule, TryParseSchedule(t.Trigger.Schedule, configuration)))
            .ToList();
    }

    private async Task RunAsync(MethodInfo method, string name, CronExpression schedule, CancellationToken stoppingToken)
    {
        var invoke = FunctionInvoker.Compile(method, p => p.ParameterType == typeof(TimerInfo) ? (_, _, _) => new TimerInfo() : null);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = schedule.GetNextOccurrence(now, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }

            try
            {
                await Task.Delay(next.Value - now, time, stoppingToken).ConfigureAwait(false);
                await invoke(services, new Dictionary<string, object?>(), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex, name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer function {Function} is not run: its schedule setting {Setting} is not configured")]
    private static partial void LogUnscheduled(ILogger logger, string function, string setting);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Function} failed; it runs again at its next occurrence")]
    private static partial void LogFailed(ILogger logger, Exception exception, string function);
}
