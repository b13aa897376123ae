namespace LifeWindow.Integration.Exposure;

/// <summary>
/// The hold logic over a per-customer document with a version: implementations only read a document and
/// replace it if its version still matches. A hold is checked against the household's unsecured exposure and
/// written to the applicant's document under its ETag. Co-owners' documents live in other partitions (no
/// transaction spans them), so after writing, the co-owners are read again: if a co-owner's decision got in
/// meanwhile and the household is now over the cap, our hold is withdrawn and we start over. Of two writers
/// racing on two partitions at least one sees the other on its second read, so both can never stay.
/// </summary>
public abstract class ExposureStore : IExposureStore
{
    private const int MaxAttempts = 20;

    /// <summary>Settled holds older than this are dropped from the document (they only keep retries idempotent).</summary>
    private static readonly TimeSpan KeepSettled = TimeSpan.FromDays(180);

    public async Task<CustomerExposure> GetAsync(string customerKey, CancellationToken cancellationToken) =>
        await ReadAsync(customerKey, cancellationToken).ConfigureAwait(false) ?? CustomerExposure.Empty(customerKey);

    public Task SetBalanceAsync(string customerKey, ExposureKind kind, decimal amount, DateTimeOffset at, CancellationToken cancellationToken) =>
        UpdateAsync(customerKey, current => current.Balance(kind) == amount ? null : kind switch
        {
            ExposureKind.Mortgage => current with { Mortgage = amount, UpdatedAt = at },
            ExposureKind.Consumer => current with { Consumer = amount, UpdatedAt = at },
            _ => current with { Business = amount, UpdatedAt = at },
        }, cancellationToken);

    public async Task<HoldResult> TryPlaceHoldAsync(HoldRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.Amount);
        var coOwners = request.CoOwners.Where(k => k != request.CustomerKey).Distinct(StringComparer.Ordinal).ToList();
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var own = await GetAsync(request.CustomerKey, cancellationToken).ConfigureAwait(false);
            if (own.Hold(request.HoldId) is { } existing)
            {
                return existing.State == HoldState.Held
                    ? new HoldResult(HoldStatus.AlreadyPlaced, existing.Amount, 0, await HouseholdUnsecuredAsync(own, coOwners, request.Now, cancellationToken).ConfigureAwait(false))
                    : new HoldResult(HoldStatus.Closed, existing.Amount, 0, 0);
            }

            var before = await HouseholdUnsecuredAsync(own, coOwners, request.Now, cancellationToken).ConfigureAwait(false);
            var room = Math.Max(0, request.UnsecuredCap - before);
            if (request.Amount > room)
            {
                return new HoldResult(HoldStatus.OverCap, 0, room, before);
            }

            var hold = new ExposureHold(request.HoldId, request.Amount, request.Now, request.ExpiresAt, HoldState.Held);
            var pruned = Prune(own, request.Now);
            var updated = pruned with { Holds = [.. pruned.Holds, hold], UpdatedAt = request.Now };
            if (!await TryWriteAsync(updated, own.Version, cancellationToken).ConfigureAwait(false))
            {
                continue; // our own partition changed: read again and check again
            }

            if (coOwners.Count > 0)
            {
                var written = await GetAsync(request.CustomerKey, cancellationToken).ConfigureAwait(false);
                var after = await HouseholdUnsecuredAsync(written, coOwners, request.Now, cancellationToken).ConfigureAwait(false);
                if (after > request.UnsecuredCap)
                {
                    // A co-owner's decision raced us into another partition: withdraw ours and start over.
                    await UpdateAsync(request.CustomerKey, c => c.Hold(request.HoldId) is null ? null : c with { Holds = [.. c.Holds.Where(h => h.HoldId != request.HoldId)] }, cancellationToken).ConfigureAwait(false);
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * attempt)), cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            return new HoldResult(HoldStatus.Placed, request.Amount, room - request.Amount, before + request.Amount);
        }

        throw new ConcurrencyConflictException($"Could not place hold {request.HoldId} after {MaxAttempts} attempts.");
    }

    public async Task<bool> ReleaseHoldAsync(string customerKey, string holdId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var released = false;
        await UpdateAsync(customerKey, current =>
        {
            released = false;
            if (current.Hold(holdId) is not { State: HoldState.Held })
            {
                return null;
            }

            released = true;
            return current with { Holds = [.. current.Holds.Select(h => h.HoldId == holdId ? h with { State = HoldState.Released } : h)], UpdatedAt = at };
        }, cancellationToken).ConfigureAwait(false);
        return released || (await GetAsync(customerKey, cancellationToken).ConfigureAwait(false)).Hold(holdId) is { State: HoldState.Released };
    }

    public async Task<bool> ConfirmHoldAsync(string customerKey, string holdId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var confirmed = false;
        await UpdateAsync(customerKey, current =>
        {
            confirmed = current.Hold(holdId) is { State: HoldState.Confirmed };
            if (current.Hold(holdId) is not { } hold || !hold.IsActive(at))
            {
                return null;
            }

            confirmed = true;
            return current with
            {
                Consumer = current.Consumer + hold.Amount,
                Holds = [.. current.Holds.Select(h => h.HoldId == holdId ? h with { State = HoldState.Confirmed } : h)],
                UpdatedAt = at,
            };
        }, cancellationToken).ConfigureAwait(false);
        return confirmed;
    }

    /// <summary>The stored document with its version, or null.</summary>
    protected abstract Task<CustomerExposure?> ReadAsync(string customerKey, CancellationToken cancellationToken);

    /// <summary>Inserts (version null) or replaces (version matches) the document; false on a conflict.</summary>
    protected abstract Task<bool> TryWriteAsync(CustomerExposure exposure, string? version, CancellationToken cancellationToken);

    private static CustomerExposure Prune(CustomerExposure exposure, DateTimeOffset now) =>
        exposure with { Holds = [.. exposure.Holds.Where(h => h.State == HoldState.Held || h.PlacedAt > now - KeepSettled)] };

    private async Task<decimal> HouseholdUnsecuredAsync(CustomerExposure own, IReadOnlyList<string> coOwners, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var total = own.Unsecured(asOf);
        foreach (var key in coOwners)
        {
            total += (await GetAsync(key, cancellationToken).ConfigureAwait(false)).Unsecured(asOf);
        }

        return total;
    }

    /// <summary>Read-modify-write until it lands; <paramref name="change"/> returns null for "nothing to do".</summary>
    private async Task UpdateAsync(string customerKey, Func<CustomerExposure, CustomerExposure?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await GetAsync(customerKey, cancellationToken).ConfigureAwait(false);
            if (change(current) is not { } updated)
            {
                return;
            }

            if (await TryWriteAsync(updated, current.Version, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        throw new ConcurrencyConflictException($"Exposure of one customer kept changing; gave up after {MaxAttempts} attempts.");
    }
}
