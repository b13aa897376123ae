using System.Reflection;
using Cronos;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LifeWindow.LocalHost.Hosting;

/// <summary>Runs every [TimerTrigger] function of the Functions app on its own CRON schedule (Cronos, with seconds, UTC).</summary>
public sealed partial class TimerJobs(IServiceProvider services, IConfiguration configuration, TimeProvider time, ILogger<TimerJobs> logger) : BackgroundService
{
    public IReadOnlyList<(string Name, CronExpression Schedule)> Schedules { get; } = Discover(configuration);

    public static CronExpression ParseSchedule(string schedule, IConfiguration configuration)
    {
        var expression = schedule.StartsWith('%') && schedule.EndsWith('%')
            ? configuration[schedule.Trim('%')] ?? throw new InvalidOperationException($"Timer schedule setting '{schedule}' is not configured.")
            : schedule;
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CronExpression.Parse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(FunctionCatalog.WithTrigger<TimerTriggerAttribute>()
            .Select(t => RunAsync(t.Method, t.Name, ParseSchedule(t.Trigger.Schedule, configuration), stoppingToken)));

    private static List<(string, CronExpression)> Discover(IConfiguration configuration) =>
        FunctionCatalog.WithTrigger<TimerTriggerAttribute>().Select(t => (t.Name, ParseSchedule(t.Trigger.Schedule, configuration))).ToList();

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

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {Function} failed; it runs again at its next occurrence")]
    private static partial void LogFailed(ILogger logger, Exception exception, string function);
}
