using System.Diagnostics;
using LifeWindow.Domain.Contact;

namespace LifeWindow.Integration.Lifecycle;

/// <summary>
/// The stream consumer's work for a batch of records, per customer: log each (every accepted record, once),
/// fold them into the profile in one read-modify-write (optimistic concurrency, retried on conflict; old
/// facts compacted), run the rule catalog as of now, record the windows it opens and the state changes it decides
/// (suppressed, superseded, expired), and return what the workflows must hear (<see cref="WorkflowSignals"/>): the
/// caller starts and tells them, so this core never calls up into the workflow engine.
/// Every step is idempotent, so a redelivered message has no second effect, and a crash between steps is
/// healed by the redelivery.
/// </summary>
public sealed partial class FeedMessageProcessor(
    IProfileStore profiles,
    IFactLog facts,
    IWindowStore windows,
    IAuditLog audit,
    RuleCatalog catalog,
    IOptions<ProfileOptions> options,
    TimeProvider time,
    ILogger<FeedMessageProcessor> logger)
{
    /// <summary>
    /// A queue hands one customer's messages to competing consumers at once (unlike the partitioned streams), so a
    /// busy customer's read-modify-writes collide; each retry waits a little, at random, to let the other finish.
    /// </summary>
    private const int MaxConflictRetries = 30;

    /// <summary>Detection computes only the tags the catalog's rules read.</summary>
    private readonly TagSelection tagsRead = TagSelection.Of(WindowDetector.TagsRead(catalog));

    public Task<WorkflowSignals> ProcessAsync(FeedMessage message, CancellationToken cancellationToken) =>
        ProcessBatchAsync([message], cancellationToken);

    /// <summary>
    /// Processes records of any customers: the facts are logged, every customer's profile is read, folded and saved, and
    /// their windows are read, each step for all the customers at once (a store that can does each in a few requests), then
    /// each customer's windows are evaluated. Returns the windows whose workflows must run and those whose workflows must
    /// hear that they closed.
    /// </summary>
    public async Task<WorkflowSignals> ProcessBatchAsync(IReadOnlyList<FeedMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        using var activity = LifeWindowTelemetry.Source.StartActivity(
            "lifewindow.fold", ActivityKind.Consumer, default(ActivityContext), links: TraceLinks(messages));
        activity?.SetTag("lifewindow.records", messages.Count);
        var customers = messages.SelectMany(PerOwner)
            .GroupBy(m => m.Record.CustomerKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<FeedMessage>)[.. g], StringComparer.Ordinal);
        await facts.AppendManyAsync([.. customers.Values.SelectMany(c => c).Select(m => (m.Record, m.ReceivedAt))], cancellationToken).ConfigureAwait(false);
        foreach (var consent in customers.Values.SelectMany(c => c).Select(m => m.Record).OfType<ConsentRecord>())
        {
            await audit.AppendForCustomerAsync(consent.CustomerKey, Audits.ConsentChanged(consent), cancellationToken).ConfigureAwait(false);
        }

        var previousKeys = customers.ToDictionary(
            c => c.Key,
            c => (IReadOnlyList<string>)[.. c.Value.SelectMany(m => m.Record.PreviousCustomerKeys ?? []).Distinct(StringComparer.Ordinal)],
            StringComparer.Ordinal);
        foreach (var (customerKey, previous) in previousKeys)
        {
            foreach (var key in previous)
            {
                await MoveFromRetiredKeyAsync(key, customerKey, cancellationToken).ConfigureAwait(false);
            }
        }

        var folded = await FoldAsync(customers.ToDictionary(c => c.Key, c => (IReadOnlyList<Fact>)[.. c.Value.Select(m => Fact.From(m.Record, m.ReceivedAt))], StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);

        // Windows opened before a pepper rotation stay under the old key; they still count for dedupe and cool-off.
        var stored = await windows.ListForCustomersAsync([.. customers.Keys.Concat(previousKeys.Values.SelectMany(k => k))], cancellationToken).ConfigureAwait(false);
        var started = new List<Window>();
        var closed = new List<WindowClosure>();
        var traceParents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (customerKey, received) in customers)
        {
            // The customer's windows continue the trace of the webhook (or pull, or file) that brought their record.
            using var evaluation = LifeWindowTelemetry.StartActivity("lifewindow.evaluate", ActivityKind.Internal, received[0].TraceParent);
            IReadOnlyList<Window> existing = [.. previousKeys[customerKey].Prepend(customerKey).SelectMany(key => stored.GetValueOrDefault(key) ?? [])];
            var profile = folded[customerKey];
            var withdrawn = received.Select(m => m.Record).OfType<ConsentRecord>().Where(c => c.Action == ConsentAction.Withdrawn).ToList();
            if (withdrawn.Count > 0)
            {
                (profile, existing) = await ApplyWithdrawalsAsync(profile, withdrawn, existing, closed, cancellationToken).ConfigureAwait(false);
            }

            var toStart = await EvaluateAsync(profile, existing, received[0].Record.RecordId, closed, cancellationToken).ConfigureAwait(false);
            started.AddRange(toStart);
            if (LifeWindowTelemetry.CurrentTraceParent is { } traceParent)
            {
                foreach (var window in toStart)
                {
                    traceParents[window.WindowId] = traceParent;
                }
            }
        }

        foreach (var message in messages)
        {
            LifeWindowTelemetry.RecordFolded(message.Feed);
        }

        return new WorkflowSignals(started, closed) { TraceParents = traceParents.Count == 0 ? null : traceParents };
    }

    /// <summary>The batch's span links to every trace its records came in with.</summary>
    private static IEnumerable<ActivityLink>? TraceLinks(IReadOnlyList<FeedMessage> messages)
    {
        if (!LifeWindowTelemetry.Source.HasListeners())
        {
            return null;
        }

        return messages.Select(m => m.TraceParent).OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(t => ActivityContext.TryParse(t, null, out var context) ? new ActivityLink(context) : default)
            .Where(l => l.Context != default)
            .ToList();
    }

    /// <summary>
    /// A property event concerns every owner on the certificate: each co-owner's profile gets the same fact
    /// (same evidence), which is also what links a household.
    /// </summary>
    private static IEnumerable<FeedMessage> PerOwner(FeedMessage message)
    {
        yield return message;
        if (message.Record is PropertyRegistryEvent property)
        {
            foreach (var owner in property.Owners.Where(o => o.CustomerKey != property.CustomerKey).DistinctBy(o => o.CustomerKey))
            {
                yield return message with { Record = property with { CustomerKey = owner.CustomerKey, Person = owner.Person, PreviousCustomerKeys = null } };
            }
        }
    }

    /// <summary>
    /// Runs the catalog over one customer's folded profile: state changes of their windows (those whose workflow must hear
    /// it added to <paramref name="closed"/>), windows to open; returns the windows whose workflows must run.
    /// </summary>
    private async Task<IReadOnlyList<Window>> EvaluateAsync(CustomerProfile profile, IReadOnlyList<Window> existing, string recordId, List<WindowClosure> closed, CancellationToken cancellationToken)
    {
        var customerKey = profile.CustomerKey;
        var now = time.GetUtcNow();
        // The rules see only what the customer allowed for marketing, per source: a window is a reason to contact them.
        var view = ConsentSources.Permitted(ProfileFolder.ViewOf(profile, catalog.Tags), ConsentPurpose.Marketing);
        var householdAum = await HouseholdAumAsync(profile, view, cancellationToken).ConfigureAwait(false);
        var detection = WindowDetector.Detect(catalog, customerKey, asOf => TagEngine.Compute(view, catalog.Tags, asOf, customerKey, householdAum, tagsRead), now, existing);
        foreach (var change in detection.Changes)
        {
            await windows.SetStateAsync(change.Window.CustomerKey, change.Window.WindowId, change.NewState, now, cancellationToken).ConfigureAwait(false);
            await audit.AppendForCustomerAsync(customerKey, Audits.WindowClosed(change.Window, change.NewState, change.Reason), cancellationToken).ConfigureAwait(false);
            LogStateChange(logger, change.Window.WindowId, change.NewState, change.Reason);
            LifeWindowTelemetry.WindowClosed(change.Window.RuleId, change.NewState);
            if (change.NewState is WindowState.Suppressed or WindowState.Superseded or WindowState.Cleared)
            {
                // The window's workflow may be waiting (quiet hours, the CRM): it withdraws the lead and frees any held limit.
                // A limit review waits for its signal to clear (Cleared): it restores the limit.
                closed.Add(new WindowClosure(change.Window, change.NewState, change.Reason));
            }
        }

        var started = new List<Window>();
        var changed = detection.Changes.Select(c => c.Window.WindowId).ToHashSet(StringComparer.Ordinal);

        // An open window found again (a redelivery after a crash between recording it and starting its workflow) is started again: a no-op if it runs.
        started.AddRange(existing.Where(w => w.State == WindowState.Open && w.ClosesAt > now && !changed.Contains(w.WindowId)));

        foreach (var candidate in detection.Opened)
        {
            var window = await windows.TryAddAsync(candidate, cancellationToken).ConfigureAwait(false)
                ? candidate
                : await windows.GetAsync(candidate.CustomerKey, candidate.WindowId, cancellationToken).ConfigureAwait(false) ?? candidate;
            await audit.AppendForCustomerAsync(customerKey, Audits.WindowOpened(window), cancellationToken).ConfigureAwait(false);
            if (window.State != WindowState.Open)
            {
                continue;
            }

            LogWindow(logger, window.WindowId, window.RuleId, recordId);
            LifeWindowTelemetry.WindowOpened(window.RuleId);
            started.Add(window);
        }

        return started;
    }

    /// <summary>Latest AUM of the co-owners (household) whose profiles we hold, from their stored tags.</summary>
    private async Task<IReadOnlyDictionary<string, decimal>?> HouseholdAumAsync(CustomerProfile profile, ProfileView view, CancellationToken cancellationToken)
    {
        var members = profile.Household(view);
        if (members.Count == 0)
        {
            return null;
        }

        var aum = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            if ((await profiles.GetAsync(member, cancellationToken).ConfigureAwait(false))?.Profile.Tag(TagNames.Aum)?.Number is { } value)
            {
                aum[member] = value;
            }
        }

        return aum;
    }

    /// <summary>
    /// After a pepper rotation the customer's earlier facts sit under a retired key. Copy them to the
    /// current key (the log dedupes by evidence, so a repeat after a crash is harmless), rebuild the
    /// profile from the whole log (folding is order-independent and idempotent), then drop the old
    /// profile and log. Windows stay where they are.
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

        await RebuildProfileAsync(currentKey, "(re-key)", cancellationToken).ConfigureAwait(false);
        await profiles.DeleteAsync(retiredKey, cancellationToken).ConfigureAwait(false);
        await facts.DeleteCustomerAsync(retiredKey, cancellationToken).ConfigureAwait(false);
        LogRekeyed(logger, moved);
    }

    /// <summary>The customer's profile folded afresh from their fact log, and saved over the stored one; the rebuilt profile.</summary>
    private async Task<CustomerProfile> RebuildProfileAsync(string customerKey, string why, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var all = new List<Fact>();
            await foreach (var fact in facts.ReadAsync(customerKey, cancellationToken).ConfigureAwait(false))
            {
                all.Add(Fact.From(fact.Record, fact.RecordedAt));
            }

            var rebuilt = Compact(ProfileFolder.Fold(CustomerProfile.Empty(customerKey), all, catalog.Tags).Profile);
            var stored = await profiles.GetAsync(customerKey, cancellationToken).ConfigureAwait(false);
            try
            {
                await profiles.SaveAsync(rebuilt, stored, cancellationToken).ConfigureAwait(false);
                return rebuilt;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxConflictRetries)
            {
                LogConflict(logger, why, attempt);
                await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Folds each customer's incoming facts into their stored profile and saves the changed ones together; a customer whose
    /// profile changed underneath (another consumer folded it) is read and folded again, with a short random wait.
    /// A customer some of whose summed records (payroll, POS, transfers…) arrived after their month was compacted — a
    /// history sent in parts whose later part is older, or parts handled out of order — has their profile rebuilt from
    /// the fact log, which already holds the new records (the snapshot cannot tell such a record from one it summed).
    /// </summary>
    private async Task<IReadOnlyDictionary<string, CustomerProfile>> FoldAsync(IReadOnlyDictionary<string, IReadOnlyList<Fact>> incoming, CancellationToken cancellationToken)
    {
        var folded = new Dictionary<string, CustomerProfile>(StringComparer.Ordinal);
        var late = new HashSet<string>(StringComparer.Ordinal);
        var pending = incoming.Keys.ToList();
        for (var attempt = 1; ; attempt++)
        {
            var stored = await profiles.GetManyAsync(pending, cancellationToken).ConfigureAwait(false);
            var saves = new List<(CustomerProfile Profile, StoredProfile? Read)>();
            foreach (var customerKey in pending)
            {
                var read = stored.GetValueOrDefault(customerKey);
                var fold = ProfileFolder.Fold(read?.Profile ?? CustomerProfile.Empty(customerKey), incoming[customerKey], catalog.Tags);
                if (fold.IgnoredLate > 0 && late.Add(customerKey))
                {
                    LogLate(logger, fold.IgnoredLate, customerKey.Length > 8 ? customerKey[..8] : customerKey);
                }

                var profile = Compact(fold.Profile);
                folded[customerKey] = profile;
                if (fold.Changed || !ReferenceEquals(profile, fold.Profile))
                {
                    saves.Add((profile, read));
                }
            }

            var conflicts = saves.Count == 0 ? new HashSet<string>() : await profiles.SaveManyAsync(saves, cancellationToken).ConfigureAwait(false);
            if (conflicts.Count == 0)
            {
                foreach (var customerKey in late)
                {
                    folded[customerKey] = await RebuildProfileAsync(customerKey, "(late summed records)", cancellationToken).ConfigureAwait(false);
                }

                return folded;
            }

            if (attempt >= MaxConflictRetries)
            {
                throw new ConcurrencyConflictException($"Profiles of {conflicts.Count} customers kept changing underneath {MaxConflictRetries} folds.");
            }

            LogConflict(logger, incoming[conflicts.First()][0].Record.RecordId, attempt);
            pending = [.. conflicts];
            await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25) * Math.Min(attempt, 10)), cancellationToken);

    /// <summary>Compacts facts older than the horizon into the snapshot; the same profile when there is nothing to do.</summary>
    private CustomerProfile Compact(CustomerProfile profile)
    {
        var month = YearMonth.From(BusinessClock.Today(time));
        var keepFrom = month.AddMonths(-options.Value.CompactAfterMonths);
        if (!profile.Facts.Any(f => YearMonth.From(f.ValidFrom) < keepFrom))
        {
            return profile;
        }

        // Compaction leaves the view, hence the stored tags, as they were (property-tested): no need to compute them again.
        return ProfileFolder.Compact(profile, catalog.Tags, keepFrom, month.AddMonths(-options.Value.RetainMonths)).Profile;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Window {WindowId} ({RuleId}) is open after record {RecordId}; its workflow starts")]
    private static partial void LogWindow(ILogger logger, string windowId, string ruleId, string recordId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Window {WindowId} is now {State}: {Reason}")]
    private static partial void LogStateChange(ILogger logger, string windowId, WindowState state, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Count} facts from a retired customer key to the current one after a pepper rotation")]
    private static partial void LogRekeyed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} summed records for customer {CustomerPrefix}… arrived after their month was compacted; the profile is rebuilt from the fact log")]
    private static partial void LogLate(ILogger logger, int count, string customerPrefix);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Profile changed underneath record {RecordId} (attempt {Attempt}); folding again")]
    private static partial void LogConflict(ILogger logger, string recordId, int attempt);
}
