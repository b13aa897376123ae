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
        var previousKeys = message.Record.PreviousCustomerKeys ?? [];
        await facts.AppendAsync(message.Record, message.ReceivedAt, cancellationToken).ConfigureAwait(false);
        foreach (var previous in previousKeys)
        {
            await MoveFromRetiredKeyAsync(previous, message.Record.CustomerKey, cancellationToken).ConfigureAwait(false);
        }

        var profile = await FoldAsync(message.Record, cancellationToken).ConfigureAwait(false);
        var existing = new List<Window>();
        await foreach (var stored in windows.ListForCustomerAsync(profile.CustomerKey, cancellationToken).ConfigureAwait(false))
        {
            existing.Add(stored);
        }

        var detected = WindowDetector.Detect(catalog, profile.CustomerKey, asOf => TagEngine.Compute(profile, catalog.Tags, asOf), time.GetUtcNow(), existing).Opened;
        var started = new List<Window>();
        foreach (var candidate in detected)
        {
            // A window opened before a pepper rotation stays under the old key; it is still the same window.
            var window = await FindUnderRetiredKeysAsync(previousKeys, candidate, cancellationToken).ConfigureAwait(false)
                ?? (await windows.TryAddAsync(candidate, cancellationToken).ConfigureAwait(false)
                    ? candidate
                    : await windows.GetAsync(candidate.CustomerKey, candidate.WindowId, cancellationToken).ConfigureAwait(false) ?? candidate);

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

    /// <summary>
    /// After a pepper rotation the customer's earlier facts sit under a retired key. Copy them to the
    /// current key (the log dedupes by evidence, so a repeat after a crash is harmless), rebuild the
    /// profile from the whole log (folding is order-independent and idempotent), then drop the old
    /// profile and log. Windows stay where they are (see <see cref="FindUnderRetiredKeysAsync"/>).
    /// </summary>
    private async Task MoveFromRetiredKeyAsync(string retiredKey, string currentKey, CancellationToken cancellationToken)
    {
        var moved = 0;
        await foreach (var fact in facts.ReadAsync(retiredKey, cancellationToken).ConfigureAwait(false))
        {
            await facts.AppendAsync(fact.Record with { CustomerKey = currentKey, PreviousCustomerKeys = null }, fact.RecordedAt, cancellationToken).ConfigureAwait(false);
            moved++;
        }

        if (moved == 0 && await profiles.GetAsync(retiredKey, cancellationToken).ConfigureAwait(false) is null)
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            var rebuilt = CustomerProfile.Empty(currentKey);
            await foreach (var fact in facts.ReadAsync(currentKey, cancellationToken).ConfigureAwait(false))
            {
                rebuilt = ProfileFolder.Fold(rebuilt, fact.Record, fact.RecordedAt, catalog.Tags).Profile;
            }

            var stored = await profiles.GetAsync(currentKey, cancellationToken).ConfigureAwait(false);
            try
            {
                await profiles.SaveAsync(rebuilt, stored?.Version, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxConflictRetries)
            {
                LogConflict(logger, "(re-key)", attempt);
            }
        }

        await profiles.DeleteAsync(retiredKey, cancellationToken).ConfigureAwait(false);
        await facts.DeleteCustomerAsync(retiredKey, cancellationToken).ConfigureAwait(false);
        LogRekeyed(logger, moved);
    }

    private async Task<Window?> FindUnderRetiredKeysAsync(IReadOnlyList<string> previousKeys, Window candidate, CancellationToken cancellationToken)
    {
        foreach (var previous in previousKeys)
        {
            await foreach (var window in windows.ListForCustomerAsync(previous, cancellationToken).ConfigureAwait(false))
            {
                if (window.RuleId == candidate.RuleId && window.Anchor == candidate.Anchor)
                {
                    return window;
                }
            }
        }

        return null;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Count} facts from a retired customer key to the current one after a pepper rotation")]
    private static partial void LogRekeyed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Profile changed underneath record {RecordId} (attempt {Attempt}); folding again")]
    private static partial void LogConflict(ILogger logger, string recordId, int attempt);
}
