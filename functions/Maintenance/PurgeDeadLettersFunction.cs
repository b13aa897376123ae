namespace LifeWindow.Functions.Maintenance;

/// <summary>Daily: erases dead letters (and their quarantined payloads) past the retention.</summary>
public sealed partial class PurgeDeadLettersFunction(IDeadLetterStore store, IOptions<DeadLetterOptions> options, TimeProvider time, ILogger<PurgeDeadLettersFunction> logger)
{
    /// <summary>03:45 every day (NCRONTAB with seconds, UTC).</summary>
    public const string Schedule = "0 45 3 * * *";

    [Function(nameof(PurgeDeadLettersFunction))]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddDays(-options.Value.RetentionDays);
        LogPurged(logger, await store.PurgeAsync(cutoff, cancellationToken).ConfigureAwait(false), cutoff);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} dead letters older than {Cutoff}")]
    private static partial void LogPurged(ILogger logger, int count, DateTimeOffset cutoff);
}
