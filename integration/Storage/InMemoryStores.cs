namespace LifeWindow.Integration.Storage;

public sealed class InMemoryProfileStore : IProfileStore
{
    private readonly ConcurrentDictionary<string, StoredProfile> profiles = new(StringComparer.Ordinal);
    private long version;

    public Task<StoredProfile?> GetAsync(string customerKey, CancellationToken cancellationToken) =>
        Task.FromResult(profiles.TryGetValue(customerKey, out var stored) ? stored : null);

    public Task SaveAsync(CustomerProfile profile, StoredProfile? read, CancellationToken cancellationToken)
    {
        var version = read?.Version;
        var next = new StoredProfile(profile, Interlocked.Increment(ref this.version).ToString(CultureInfo.InvariantCulture)) { StoredFacts = [.. profile.Facts.Select(f => f.Id)] };
        var saved = version is null
            ? profiles.TryAdd(profile.CustomerKey, next)
            : profiles.TryGetValue(profile.CustomerKey, out var current) && current.Version == version && profiles.TryUpdate(profile.CustomerKey, next, current);
        return saved ? Task.CompletedTask : throw new ConcurrencyConflictException($"Profile {profile.CustomerKey} changed since version {version ?? "(new)"}.");
    }

    public Task<bool> DeleteAsync(string customerKey, CancellationToken cancellationToken) => Task.FromResult(profiles.TryRemove(customerKey, out _));
}

public sealed class InMemoryWindowStore : IWindowStore, ICustomerDataEraser
{
    private readonly ConcurrentDictionary<string, Window> windows = new(StringComparer.Ordinal);

    public string ErasedItems => "windows";

    public Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        Task.FromResult(windows.Values.Where(w => w.State != WindowState.Open && w.ClosesAt < olderThan).Count(w => windows.TryRemove(w.WindowId, out _)));

    public Task<int> EraseCustomerAsync(string customerKey, CancellationToken cancellationToken) =>
        Task.FromResult(windows.Values.Where(w => w.CustomerKey == customerKey).Count(w => windows.TryRemove(w.WindowId, out _)));

    public Task<bool> TryAddAsync(Window window, CancellationToken cancellationToken) => Task.FromResult(windows.TryAdd(window.WindowId, window));

    public Task<Window?> GetAsync(string customerKey, string windowId, CancellationToken cancellationToken) =>
        Task.FromResult(windows.TryGetValue(windowId, out var window) && window.CustomerKey == customerKey ? window : null);

    public Task SetStateAsync(string customerKey, string windowId, WindowState state, DateTimeOffset at, CancellationToken cancellationToken)
    {
        windows.AddOrUpdate(
            windowId,
            _ => throw new KeyNotFoundException($"Window {windowId} does not exist."),
            (_, w) => w with { State = state, StateChangedAt = at });
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<Window> ListForCustomerAsync(string customerKey, CancellationToken cancellationToken) =>
        ListAsync(cancellationToken).Where(w => w.CustomerKey == customerKey);

    public async IAsyncEnumerable<Window> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var window in windows.Values.OrderBy(w => w.OpensAt).ThenBy(w => w.WindowId, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return window;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}

public sealed class InMemoryLeadStore : ILeadStore, ICustomerDataEraser
{
    private readonly ConcurrentDictionary<string, LeadRecord> leads = new(StringComparer.Ordinal);

    public string ErasedItems => "leads";

    public Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        Task.FromResult(leads.Values.Where(r => r.Lead.CreatedAt < olderThan).Count(r => leads.TryRemove(r.Lead.LeadId, out _)));

    public Task<int> EraseCustomerAsync(string customerKey, CancellationToken cancellationToken) =>
        Task.FromResult(leads.Values.Where(r => r.Lead.CustomerKey == customerKey).Count(r => leads.TryRemove(r.Lead.LeadId, out _)));

    public Task<Lead> SaveAsync(Lead lead, CancellationToken cancellationToken) =>
        Task.FromResult(leads.GetOrAdd(lead.LeadId, new LeadRecord(lead, null, null)).Lead);

    public Task<LeadRecord?> GetAsync(string customerKey, string leadId, CancellationToken cancellationToken) =>
        Task.FromResult(leads.TryGetValue(leadId, out var record) && record.Lead.CustomerKey == customerKey ? record : null);

    public Task RecordOutcomeAsync(string customerKey, string leadId, LeadOutcome outcome, DateTimeOffset at, CancellationToken cancellationToken)
    {
        leads.AddOrUpdate(
            leadId,
            _ => throw new KeyNotFoundException($"Lead {leadId} does not exist."),
            (_, r) => r with { Outcome = outcome, OutcomeAt = at });
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<LeadRecord> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var record in leads.Values.OrderBy(r => r.Lead.CreatedAt).ThenBy(r => r.Lead.LeadId, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return record;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public async IAsyncEnumerable<LeadRecord> ListForCustomerAsync(string customerKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var record in ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (record.Lead.CustomerKey == customerKey)
            {
                yield return record;
            }
        }
    }
}
