using LifeWindow.Integration.Audit;

namespace LifeWindow.Functions.Maintenance;

/// <summary>Every hour: seals every audit chain's head into a new anchor, so a chain cut back below it shows (`lifewindow audit verify`).</summary>
public sealed partial class AuditAnchorFunction(IAuditLog audit, ILogger<AuditAnchorFunction> logger)
{
    public const string Schedule = "0 5 * * * *";

    [Function(nameof(AuditAnchorFunction))]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var anchor = await audit.AnchorAsync(cancellationToken).ConfigureAwait(false);
        LogAnchored(logger, anchor.AnchorId, anchor.Heads.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit anchor {AnchorId} seals {Chains} chains")]
    private static partial void LogAnchored(ILogger logger, string anchorId, int chains);
}
