using LifeWindow.Integration.Storage;
using LifeWindow.Integration.Privacy;

namespace LifeWindow.Functions.Maintenance;

/// <summary>
/// Daily retention jobs, one timer per store, each forgetting what is older than its configured age (Retention:*,
/// DeadLetters:RetentionDays, Webhooks:LedgerRetentionHours). What is still in progress is never forgotten: open
/// windows, pending or parked deliveries, running workflows.
/// </summary>
public sealed partial class RetentionFunctions(
    IWebhookLedger webhookLedger,
    IDeadLetterStore deadLetters,
    IFactLog facts,
    IWindowStore windows,
    ILeadStore leads,
    ILeadOutbox outbox,
    IOptions<RetentionOptions> retention,
    IOptions<WebhookOptions> webhooks,
    IOptions<DeadLetterOptions> deadLetterOptions,
    TimeProvider time,
    ILogger<RetentionFunctions> logger)
{
    /// <summary>03:30 every day (NCRONTAB with seconds, UTC); the others follow at intervals.</summary>
    public const string WebhookLedgerSchedule = "0 30 3 * * *";
    public const string DeadLettersSchedule = "0 45 3 * * *";
    public const string FactsSchedule = "0 0 4 * * *";
    public const string WindowsSchedule = "0 10 4 * * *";
    public const string LeadsSchedule = "0 20 4 * * *";
    public const string OutboxSchedule = "0 30 4 * * *";
    public const string WorkflowHistorySchedule = "0 40 4 * * *";

    private static readonly OrchestrationRuntimeStatus[] Ended = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    [Function(nameof(PurgeWebhookLedger))]
    public Task PurgeWebhookLedger([TimerTrigger(WebhookLedgerSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        PurgeAsync("webhook ledger entries", TimeSpan.FromHours(webhooks.Value.LedgerRetentionHours), webhookLedger.PurgeAsync, cancellationToken);

    [Function(nameof(PurgeDeadLetters))]
    public Task PurgeDeadLetters([TimerTrigger(DeadLettersSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        PurgeAsync("dead letters", TimeSpan.FromDays(deadLetterOptions.Value.RetentionDays), deadLetters.PurgeAsync, cancellationToken);

    [Function(nameof(PurgeFacts))]
    public Task PurgeFacts([TimerTrigger(FactsSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        PurgeAsync("facts", TimeSpan.FromDays(retention.Value.FactsDays), facts.PurgeAsync, cancellationToken);

    [Function(nameof(PurgeWindows))]
    public Task PurgeWindows([TimerTrigger(WindowsSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        PurgeAsync("closed windows", TimeSpan.FromDays(retention.Value.WindowsDays), windows.PurgeAsync, cancellationToken);

    [Function(nameof(PurgeLeads))]
    public Task PurgeLeads([TimerTrigger(LeadsSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        PurgeAsync("leads", TimeSpan.FromDays(retention.Value.LeadsDays), leads.PurgeAsync, cancellationToken);

    [Function(nameof(PurgeOutbox))]
    public Task PurgeOutbox([TimerTrigger(OutboxSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        PurgeAsync("finished outbox deliveries", TimeSpan.FromDays(retention.Value.OutboxDays), outbox.PurgeAsync, cancellationToken);

    [Function(nameof(PurgeWorkflowHistories))]
    public Task PurgeWorkflowHistories([TimerTrigger(WorkflowHistorySchedule)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        PurgeAsync(
            "ended workflow histories",
            TimeSpan.FromDays(retention.Value.WorkflowHistoryDays),
            async (cutoff, ct) => (await durable.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedTo: cutoff, Statuses: Ended), ct).ConfigureAwait(false)).PurgedInstanceCount,
            cancellationToken);

    private async Task PurgeAsync(string what, TimeSpan age, Func<DateTimeOffset, CancellationToken, Task<int>> purge, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - age;
        LogPurged(logger, await purge(cutoff, cancellationToken).ConfigureAwait(false), what, cutoff);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} {What} older than {Cutoff}")]
    private static partial void LogPurged(ILogger logger, int count, string what, DateTimeOffset cutoff);
}
