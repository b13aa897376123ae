using LifeWindow.Domain.Claims;

namespace LifeWindow.Integration.Claims;

/// <summary>
/// Puts a new lead in an inbox: the customer's groups from their profile as the lead is made (tags and provident-fund
/// employer), and the oldest claim on any of them (<see cref="GroupClaim.Route"/>). A lead of no claimed group waits,
/// unassigned, for a branch manager. Later claims do not move leads already routed.
/// </summary>
public sealed class LeadRouter(IProfileStore profiles, IGroupClaimStore claims, ILeadInbox inbox, RuleCatalog catalog)
{
    public async Task<InboxEntry> RouteAsync(Lead lead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var profile = (await profiles.GetAsync(lead.CustomerKey, cancellationToken).ConfigureAwait(false))?.Profile;
        var view = profile is null ? null : ProfileFolder.ViewOf(profile, catalog.Tags);
        var tags = view is null ? new TagSet(lead.CreatedAt, []) : TagEngine.Compute(view, catalog.Tags, lead.CreatedAt, lead.CustomerKey);
        var employer = view?.ProvidentFund.LastOrDefault()?.EmployerUscc;
        var groups = ClaimableGroup.Of(tags, employer);
        var held = await claims.ListAsync(cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        var claim = GroupClaim.Route(groups, held);
        var entry = new InboxEntry(lead.LeadId, lead.CustomerKey, claim?.RmId, claim?.GroupId ?? groups.FirstOrDefault()?.Id, tags.Get(TagNames.Aum)?.Number, lead.CreatedAt);
        return await inbox.AddAsync(entry, cancellationToken).ConfigureAwait(false);
    }
}
