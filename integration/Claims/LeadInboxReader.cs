using LifeWindow.Domain.Claims;

namespace LifeWindow.Integration.Claims;

/// <summary>Where a lead stands for the RM: no word yet, contacted, or the outcome the CRM (or the RM's page) reported.</summary>
public enum InboxStatus
{
    New,
    Contacted,
    Accepted,
    Declined,
    Unreachable,
    Expired,
    Withdrawn,
}

/// <summary>One inbox line: the routing entry beside the lead and its outcome; <see cref="Lead"/> is null if retention forgot it.</summary>
public sealed record InboxRow(InboxEntry Entry, LeadRecord? Lead)
{
    public InboxStatus Status => Lead?.Outcome is { } outcome
        ? Enum.Parse<InboxStatus>(outcome.ToString())
        : Entry.ContactedAt is not null ? InboxStatus.Contacted : InboxStatus.New;
}

/// <summary>Filters of the inbox page; null or empty matches all.</summary>
public sealed record InboxFilter(string? GroupId = null, string? RuleId = null, InboxStatus? Status = null);

/// <summary>A claimed group's figures (per RM on the claiming page): leads routed by it, contacted, converted, and the AUM of its customers.</summary>
public sealed record GroupFigures(string GroupId, string? RmId, int Leads, int Contacted, int Converted, decimal Aum);

/// <summary>Reads the inbox for the pages: an RM's own leads (all for a branch manager), filtered, and each group's figures.</summary>
public sealed class LeadInboxReader(ILeadInbox inbox, ILeadStore leads)
{
    /// <param name="rmId">Only this RM's leads; null for every lead (a branch manager), unassigned ones included.</param>
    public async Task<IReadOnlyList<InboxRow>> ListAsync(string? rmId, InboxFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var rows = new List<InboxRow>();
        await foreach (var entry in inbox.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if ((rmId is null || entry.RmId == rmId) && (string.IsNullOrEmpty(filter.GroupId) || entry.GroupId == filter.GroupId))
            {
                var row = new InboxRow(entry, await leads.GetAsync(entry.CustomerKey, entry.LeadId, cancellationToken).ConfigureAwait(false));
                if ((string.IsNullOrEmpty(filter.RuleId) || row.Lead?.Lead.RuleId == filter.RuleId) && (filter.Status is null || row.Status == filter.Status))
                {
                    rows.Add(row);
                }
            }
        }

        return [.. rows.OrderByDescending(r => r.Entry.AssignedAt).ThenBy(r => r.Entry.LeadId, StringComparer.Ordinal)];
    }

    /// <summary>Each group's figures: leads routed by it, contacted (reported contact or any answer), converted (accepted), and its customers' latest AUM.</summary>
    public async Task<IReadOnlyList<GroupFigures>> FiguresAsync(IReadOnlyList<GroupClaim> claims, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var rows = await ListAsync(null, new InboxFilter(), cancellationToken).ConfigureAwait(false);
        var byGroup = rows.Where(r => r.Entry.GroupId is not null).ToLookup(r => r.Entry.GroupId!, StringComparer.Ordinal);
        return [.. byGroup.Select(g => g.Key).Union(claims.Select(c => c.GroupId), StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(id =>
        {
            var group = byGroup[id].ToList();
            var aum = group.Where(r => r.Entry.Aum is not null).GroupBy(r => r.Entry.CustomerKey).Sum(c => c.MaxBy(r => r.Entry.AssignedAt)!.Entry.Aum!.Value);
            return new GroupFigures(
                id,
                claims.FirstOrDefault(c => c.GroupId == id)?.RmId,
                group.Count,
                group.Count(r => r.Status is not (InboxStatus.New or InboxStatus.Expired or InboxStatus.Withdrawn)),
                group.Count(r => r.Status == InboxStatus.Accepted),
                aum);
        })];
    }
}
