using LifeWindow.Domain.Leads;
using LifeWindow.Domain.Profiles;
using LifeWindow.Domain.Windows;

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

    Task DeleteAsync(string customerKey, CancellationToken cancellationToken);
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
}

public sealed record LeadRecord(Lead Lead, LeadOutcome? Outcome, DateTimeOffset? OutcomeAt);
