using LifeWindow.Domain.Claims;

namespace LifeWindow.Integration.Claims;

/// <summary>Who holds which customer group (管群分包认领): one relationship manager per group at a time.</summary>
public interface IGroupClaimStore
{
    IAsyncEnumerable<GroupClaim> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Claims the group for <see cref="GroupClaim.RmId"/> and returns the claim that stands: the new one, or, when someone
    /// else holds the group and <paramref name="replace"/> is false, theirs. A branch manager's (re)assignment replaces.
    /// </summary>
    Task<GroupClaim> ClaimAsync(GroupClaim claim, bool replace, CancellationToken cancellationToken);

    /// <summary>Gives the group up; false when nobody held it.</summary>
    Task<bool> ReleaseAsync(string groupId, CancellationToken cancellationToken);
}

public sealed class InMemoryGroupClaimStore : IGroupClaimStore
{
    private readonly ConcurrentDictionary<string, GroupClaim> claims = new(StringComparer.Ordinal);

    public async IAsyncEnumerable<GroupClaim> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var claim in claims.Values.OrderBy(c => c.ClaimedAt))
        {
            yield return claim;
        }
    }

    public Task<GroupClaim> ClaimAsync(GroupClaim claim, bool replace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return Task.FromResult(replace
            ? claims.AddOrUpdate(claim.GroupId, claim, (_, _) => claim)
            : claims.GetOrAdd(claim.GroupId, claim));
    }

    public Task<bool> ReleaseAsync(string groupId, CancellationToken cancellationToken) => Task.FromResult(claims.TryRemove(groupId, out _));
}

/// <summary>Table Claims: partition "group", row = group id; the first claim is an insert, so two RMs claiming at once cannot both win.</summary>
public sealed class TableGroupClaimStore(LifeWindowTables tables) : IGroupClaimStore
{
    private const string Partition = "group";

    public async IAsyncEnumerable<GroupClaim> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Claims, cancellationToken).ConfigureAwait(false);
        var claims = new List<GroupClaim>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            claims.Add(FromEntity(row));
        }

        foreach (var claim in claims.OrderBy(c => c.ClaimedAt))
        {
            yield return claim;
        }
    }

    public async Task<GroupClaim> ClaimAsync(GroupClaim claim, bool replace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var table = await tables.GetAsync(LifeWindowTables.Claims, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(Partition, claim.GroupId) { ["RmId"] = claim.RmId, ["ClaimedBy"] = claim.ClaimedBy, ["ClaimedAt"] = claim.ClaimedAt };
        if (replace)
        {
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return claim;
        }

        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return claim;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var held = await table.GetEntityIfExistsAsync<TableEntity>(Partition, claim.GroupId, cancellationToken: cancellationToken).ConfigureAwait(false);
            return held.HasValue && held.Value is not null ? FromEntity(held.Value) : await ClaimAsync(claim, replace, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> ReleaseAsync(string groupId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LifeWindowTables.Claims, cancellationToken).ConfigureAwait(false);
        using var response = await table.DeleteEntityAsync(Partition, groupId, ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status != 404;
    }

    private static GroupClaim FromEntity(TableEntity row) =>
        new(row.RowKey, row.GetString("RmId") ?? string.Empty, row.GetString("ClaimedBy") ?? string.Empty, row.GetDateTimeOffset("ClaimedAt") ?? default);
}
