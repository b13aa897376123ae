using LifeWindow.Domain.Feeds;
using LifeWindow.Domain.Profiles;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Storage;
using Microsoft.Extensions.Logging;

namespace LifeWindow.Integration.Pipeline;

/// <summary>
/// The stream consumer's work for one record: log it (every accepted record, once), fold it into the profile (optimistic concurrency,
/// retried on conflict), run the rule catalog, record new windows and start their offer workflows.
/// Every step is idempotent, so a redelivered message has no second effect, and a crash between
/// steps is healed by the redelivery.
/// </summary>
public sealed partial class FeedMessageProcessor(
    IProfileStore profiles,
    IFactLog facts,
    IWindowStore windows,
    RuleCatalog catalog,
    TimeProvider time,
    ILogger<FeedMessageProcessor> logger)
{
    private const int MaxConflictRetries = 8;

    public async Task<IReadOnlyList<Window>> ProcessAsync(FeedMessage message, IWorkflowGateway workflows, CancellationToken cancellationToken)
    {
        await facts.AppendAsync(message.Record, message.ReceivedAt, cancellationToken).ConfigureAwait(false);
        var profile = await FoldAsync(message.Record, cancellationToken).ConfigureAwait(false);
        var detected = WindowDetector.Detect(profile, catalog, time.GetUtcNow());
        var started = new List<Window>();
        foreach (var candidate in detected)
        {
            var window = await windows.TryAddAsync(candidate, cancellationToken).ConfigureAwait(false)
                ? candidate
                : await windows.GetAsync(candidate.CustomerKey, candidate.WindowId, cancellationToken).ConfigureAwait(false) ?? candidate;

            if (window.State != WindowState.Open)
            {
                continue;
            }

            await workflows.StartOfferAsync(window, cancellationToken).ConfigureAwait(false);
            LogWindow(logger, window.WindowId, window.RuleId, message.Record.RecordId);
            started.Add(window);
        }

        return started;
    }

    private async Task<CustomerProfile> FoldAsync(FeedRecord record, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await profiles.GetAsync(record.CustomerKey, cancellationToken).ConfigureAwait(false);
            var fold = ProfileFolder.Fold(stored?.Profile ?? CustomerProfile.Empty(record.CustomerKey), record, time.GetUtcNow(), catalog.Tags);
            if (!fold.Changed)
            {
                return fold.Profile;
            }

            try
            {
                await profiles.SaveAsync(fold.Profile, stored?.Version, cancellationToken).ConfigureAwait(false);
                return fold.Profile;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxConflictRetries)
            {
                LogConflict(logger, record.RecordId, attempt);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Window {WindowId} ({RuleId}) is open after record {RecordId}; offer workflow started")]
    private static partial void LogWindow(ILogger logger, string windowId, string ruleId, string recordId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Profile changed underneath record {RecordId} (attempt {Attempt}); folding again")]
    private static partial void LogConflict(ILogger logger, string recordId, int attempt);
}
