namespace LifeWindow.Integration.Privacy;

/// <summary>
/// How long each store keeps what it holds before the daily retention jobs forget it (PIPL art. 19: no longer than the
/// purpose needs). Dead letters and the webhook-id ledger keep their own ages (DeadLetters:RetentionDays,
/// Webhooks:LedgerRetentionHours). The defaults follow a bank's record-keeping: five years of evidence, two of leads.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Facts in the fact log, by the time they were recorded (the consent ledger is read from there).</summary>
    [Range(30, 36_500)]
    public int FactsDays { get; set; } = 1825;

    /// <summary>Windows no longer open, by the time they closed; at least 180 days, longer than any rule's cool-off.</summary>
    [Range(180, 36_500)]
    public int WindowsDays { get; set; } = 365;

    /// <summary>Leads, by the time they were created.</summary>
    [Range(30, 36_500)]
    public int LeadsDays { get; set; } = 730;

    /// <summary>Finished outbox deliveries (sent, expired, cancelled), by the time they were created.</summary>
    [Range(7, 36_500)]
    public int OutboxDays { get; set; } = 90;

    /// <summary>Ended workflow histories (completed, failed, terminated), by the time the workflow was created.</summary>
    [Range(7, 36_500)]
    public int WorkflowHistoryDays { get; set; } = 90;
}
