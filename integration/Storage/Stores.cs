namespace LifeWindow.Integration.Storage;

/// <summary>Profiles with optimistic concurrency: save over the version you read, or get a conflict.</summary>
public interface IProfileStore
{
    Task<StoredProfile?> GetAsync(string customerKey, CancellationToken cancellationToken);

    /// <summary>
    /// Saves <paramref name="profile"/> over what was <paramref name="read"/> (null: must not exist yet): facts the
    /// profile gained are added, facts it compacted away are removed. Throws <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    Task SaveAsync(CustomerProfile profile, StoredProfile? read, CancellationToken cancellationToken);

    /// <summary>Deletes the customer's profile; false when there was none.</summary>
    Task<bool> DeleteAsync(string customerKey, CancellationToken cancellationToken);

    /// <summary>Several customers' profiles (absent ones are left out); a store that can reads them in few requests.</summary>
    async Task<IReadOnlyDictionary<string, StoredProfile>> GetManyAsync(IReadOnlyCollection<string> customerKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerKeys);
        var found = new Dictionary<string, StoredProfile>(StringComparer.Ordinal);
        foreach (var key in customerKeys.Distinct(StringComparer.Ordinal))
        {
            if (await GetAsync(key, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                found[key] = stored;
            }
        }

        return found;
    }

    /// <summary>
    /// Saves several customers' profiles, each over what was read as <see cref="SaveAsync"/> does; a store that can writes
    /// them in few requests. Returns the customers whose profile changed since it was read (nothing of theirs is saved).
    /// </summary>
    async Task<IReadOnlySet<string>> SaveManyAsync(IReadOnlyList<(CustomerProfile Profile, StoredProfile? Read)> saves, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(saves);
        var conflicts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (profile, read) in saves)
        {
            try
            {
                await SaveAsync(profile, read, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException)
            {
                conflicts.Add(profile.CustomerKey);
            }
        }

        return conflicts;
    }
}

/// <summary>A profile as read, with its version (ETag) and the fact rows stored under it (for the next save's diff).</summary>
public sealed record StoredProfile(CustomerProfile Profile, string Version)
{
    public IReadOnlyCollection<string> StoredFacts { get; init; } = [];
}

public interface IWindowStore
{
    /// <summary>Adds the window unless one with its id exists; false when it did.</summary>
    Task<bool> TryAddAsync(Window window, CancellationToken cancellationToken);

    Task<Window?> GetAsync(string customerKey, string windowId, CancellationToken cancellationToken);

    Task SetStateAsync(string customerKey, string windowId, WindowState state, DateTimeOffset at, CancellationToken cancellationToken);

    IAsyncEnumerable<Window> ListAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<Window> ListForCustomerAsync(string customerKey, CancellationToken cancellationToken);

    /// <summary>Retention: forgets windows no longer open that closed before <paramref name="olderThan"/>; never an open one.</summary>
    Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);

    /// <summary>Several customers' windows (every key given is in the answer); a store that can reads them in few requests.</summary>
    async Task<IReadOnlyDictionary<string, IReadOnlyList<Window>>> ListForCustomersAsync(IReadOnlyCollection<string> customerKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerKeys);
        var found = new Dictionary<string, IReadOnlyList<Window>>(StringComparer.Ordinal);
        foreach (var key in customerKeys.Distinct(StringComparer.Ordinal))
        {
            var list = new List<Window>();
            await foreach (var window in ListForCustomerAsync(key, cancellationToken).ConfigureAwait(false))
            {
                list.Add(window);
            }

            found[key] = list;
        }

        return found;
    }
}

public interface ILeadStore
{
    /// <summary>Saves the lead; saving the same lead id again keeps the first (the text the RM got stays the text we hold).</summary>
    Task<Lead> SaveAsync(Lead lead, CancellationToken cancellationToken);

    Task<LeadRecord?> GetAsync(string customerKey, string leadId, CancellationToken cancellationToken);

    Task RecordOutcomeAsync(string customerKey, string leadId, LeadOutcome outcome, DateTimeOffset at, CancellationToken cancellationToken);

    IAsyncEnumerable<LeadRecord> ListAsync(CancellationToken cancellationToken);

    /// <summary>The customer's leads (their contact history), oldest first.</summary>
    IAsyncEnumerable<LeadRecord> ListForCustomerAsync(string customerKey, CancellationToken cancellationToken);

    /// <summary>Retention: forgets leads created before <paramref name="olderThan"/> (their outbox entries go by the outbox's own age).</summary>
    Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}

public sealed record LeadRecord(Lead Lead, LeadOutcome? Outcome, DateTimeOffset? OutcomeAt);
