namespace LifeWindow.Domain.Claims;

/// <summary>What a claimable customer group is cut by (管群分包认领, seed 004).</summary>
public enum GroupDimension
{
    /// <summary>One of the five customer groups (tag CustomerGroup).</summary>
    CustomerGroup,

    /// <summary>HighNetWorth, MassAffluent or YoungInclusive (tag AssetSegment).</summary>
    AssetSegment,

    /// <summary>An AUM tier of the catalog's tag settings (tag AumTier).</summary>
    AumTier,

    /// <summary>The employer that pays the customer's provident fund, by its unified social credit code.</summary>
    Employer,

    /// <summary>A consumption scene the customer shopped in recently (tag Scenes).</summary>
    Scene,
}

/// <summary>A group a relationship manager can claim: a dimension and one of its values, e.g. CustomerGroup:Salaried.</summary>
public sealed record ClaimableGroup(GroupDimension Dimension, string Value)
{
    public string Id => $"{Dimension}:{Value}";

    public static bool TryParse(string? id, out ClaimableGroup group)
    {
        group = null!;
        var colon = id?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon <= 0 || colon == id!.Length - 1 || id.Length > 80
            || !Enum.TryParse<GroupDimension>(id[..colon], ignoreCase: false, out var dimension) || !Enum.IsDefined(dimension))
        {
            return false;
        }

        group = new ClaimableGroup(dimension, id[(colon + 1)..]);
        return true;
    }

    /// <summary>The groups a customer belongs to, from their tags as of the lead and their provident-fund employer.</summary>
    public static IReadOnlyList<ClaimableGroup> Of(TagSet tags, string? employerUscc)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var groups = new List<ClaimableGroup>();
        groups.AddRange((tags.Get(TagNames.CustomerGroup)?.Members ?? []).Select(m => new ClaimableGroup(GroupDimension.CustomerGroup, m)));
        if (tags.Get(TagNames.AssetSegment) is { } segment)
        {
            groups.Add(new ClaimableGroup(GroupDimension.AssetSegment, segment.Value));
        }

        if (tags.Get(TagNames.AumTier) is { } tier)
        {
            groups.Add(new ClaimableGroup(GroupDimension.AumTier, tier.Value));
        }

        if (!string.IsNullOrEmpty(employerUscc))
        {
            groups.Add(new ClaimableGroup(GroupDimension.Employer, employerUscc));
        }

        groups.AddRange((tags.Get(TagNames.Scenes)?.Members ?? []).Select(m => new ClaimableGroup(GroupDimension.Scene, m)));
        return groups;
    }
}

/// <summary>A relationship manager's claim on a group: one RM per group at a time.</summary>
public sealed record GroupClaim(string GroupId, string RmId, string ClaimedBy, DateTimeOffset ClaimedAt)
{
    /// <summary>
    /// Whose inbox a new lead goes to: of the claims on the customer's groups, the oldest (a customer in two claimed groups
    /// stays with the RM who claimed first); null when none of their groups is claimed (the branch manager assigns it).
    /// </summary>
    public static GroupClaim? Route(IEnumerable<ClaimableGroup> customerGroups, IEnumerable<GroupClaim> claims)
    {
        ArgumentNullException.ThrowIfNull(customerGroups);
        ArgumentNullException.ThrowIfNull(claims);
        var ids = customerGroups.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        return claims.Where(c => ids.Contains(c.GroupId)).OrderBy(c => c.ClaimedAt).ThenBy(c => c.GroupId, StringComparer.Ordinal).FirstOrDefault();
    }
}
