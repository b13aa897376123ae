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
    /// <summary>Customer key → window id → window: a customer's windows are read without scanning everyone's (the offer workflow's plan reads them).</summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Window>> customers = new(StringComparer.Ordinal);

    public string ErasedItems => "windows";

    public Task<int> PurgeAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        Task.FromResult(customers.Values.Sum(windows => windows.Values.Where(w => w.State != WindowState.Open && w.ClosesAt < olderThan).Count(w => windows.TryRemove(w.WindowId, out _))));

    public Task<int> EraseCustomerAsync(string customerKey, CancellationToken cancellationToken) =>
        Task.FromResult(customers.TryRemove(customerKey, out var windows) ? windows.Count : 0);

    public Task<bool> TryAddAsync(Window window, CancellationToken cancellationToken) =>
        Task.FromResult(customers.GetOrAdd(window.CustomerKey, _ => new(StringComparer.Ordinal)).TryAdd(window.WindowId, window));

    public Task<Window?> GetAsync(string customerKey, string windowId, CancellationToken cancellationToken) =>
        Task.FromResult(customers.TryGetValue(customerKey, out var windows) && windows.TryGetValue(windowId, out var window) ? window : null);

    public Task SetStateAsync(string customerKey, string windowId, WindowState state, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var windows = customers.TryGetValue(customerKey, out var found) ? found : throw new KeyNotFoundException($"Window {windowId} does not exist.");
        windows.AddOrUpdate(
            windowId,
            _ => throw new KeyNotFoundException($"Window {windowId} does not exist."),
            (_, w) => w with { State = state, StateChangedAt = at });
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<Window> ListForCustomerAsync(string customerKey, CancellationToken cancellationToken) =>
        Ordered(customers.TryGetValue(customerKey, out var windows) ? windows.Values : [], cancellationToken);

    public IAsyncEnumerable<Window> ListAsync(CancellationToken cancellationToken) =>
        Ordered(customers.Values.SelectMany(w => w.Values), cancellationToken);

    private static async IAsyncEnumerable<Window> Ordered(IEnumerable<Window> windows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var window in windows.OrderBy(w => w.OpensAt).ThenBy(w => w.WindowId, StringComparer.Ordinal))
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
