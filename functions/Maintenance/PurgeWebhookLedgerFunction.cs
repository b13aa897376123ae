namespace LifeWindow.Functions.Maintenance;

/// <summary>Daily: forgets webhook-ids older than the retention (at least 24 h), so the ledger does not grow without bound.</summary>
public sealed partial class PurgeWebhookLedgerFunction(IWebhookLedger ledger, IOptions<WebhookOptions> options, TimeProvider time, ILogger<PurgeWebhookLedgerFunction> logger)
{
    /// <summary>03:30 every day (NCRONTAB with seconds, host time zone UTC).</summary>
    public const string Schedule = "0 30 3 * * *";

    [Function(nameof(PurgeWebhookLedgerFunction))]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().AddHours(-options.Value.LedgerRetentionHours);
        var purged = await ledger.PurgeAsync(cutoff, cancellationToken).ConfigureAwait(false);
        LogPurged(logger, purged, cutoff);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} webhook ledger entries older than {Cutoff}")]
    private static partial void LogPurged(ILogger logger, int count, DateTimeOffset cutoff);
}
