namespace LifeWindow.Functions.Crm;

/// <summary>Every 5 seconds: delivers the lead outbox's due entries to the CRM and tells their offer workflows.</summary>
public sealed partial class LeadDispatchFunction(LeadDispatcher dispatcher, ILogger<LeadDispatchFunction> logger)
{
    public const string Schedule = "*/5 * * * * *";

    [Function(nameof(LeadDispatchFunction))]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var report = await dispatcher.DispatchDueAsync(new DurableWorkflowGateway(durable), cancellationToken).ConfigureAwait(false);
        if (report.Delivered + report.Retrying + report.Parked + report.Expired > 0)
        {
            LogDispatched(logger, report.Delivered, report.Retrying, report.Parked, report.Expired);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lead outbox: {Delivered} delivered, {Retrying} to retry, {Parked} parked, {Expired} expired")]
    private static partial void LogDispatched(ILogger logger, int delivered, int retrying, int parked, int expired);
}
