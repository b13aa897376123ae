namespace LifeWindow.Functions.Maintenance;

/// <summary>
/// Daily retention jobs, one timer per store: each store forgets what is older than its configured age.
/// The webhook ledger keeps webhook-ids at least 24 h (Webhooks:LedgerRetentionHours); dead letters, with their
/// quarantined payloads, are erased after DeadLetters:RetentionDays.
/// </summary>
public sealed partial class RetentionFunctions(
    IWebhookLedger ledger,
    IOptions<WebhookOptions> webhooks,
    IDeadLetterStore deadLetters,
    IOptions<DeadLetterOptions> deadLetterOptions,
    TimeProvider time,
    ILogger<RetentionFunctions> logger)
{
    /// <summary>03:30 every day (NCRONTAB with seconds, UTC).</summary>
    public const string WebhookLedgerSchedule = "0 30 3 * * *";

    /// <summary>03:45 every day (NCRONTAB with seconds, UTC).</summary>
    public const string DeadLettersSchedule = "0 45 3 * * *";

    [Function(nameof(PurgeWebhookLedger))]
    public Task PurgeWebhookLedger([TimerTrigger(WebhookLedgerSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        PurgeAsync("webhook ledger entries", TimeSpan.FromHours(webhooks.Value.LedgerRetentionHours), ledger.PurgeAsync, cancellationToken);

    [Function(nameof(PurgeDeadLetters))]
    public Task PurgeDeadLetters([TimerTrigger(DeadLettersSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        PurgeAsync("dead letters", TimeSpan.FromDays(deadLetterOptions.Value.RetentionDays), deadLetters.PurgeAsync, cancellationToken);

    private async Task PurgeAsync(string what, TimeSpan age, Func<DateTimeOffset, CancellationToken, Task<int>> purge, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - age;
        LogPurged(logger, await purge(cutoff, cancellationToken).ConfigureAwait(false), what, cutoff);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} {What} older than {Cutoff}")]
    private static partial void LogPurged(ILogger logger, int count, string what, DateTimeOffset cutoff);
}
