namespace LifeWindow.Integration.Exposure;

/// <summary>
/// The one store of credit exposure: per customer, balances by kind (mortgage, consumer, business) and the
/// holds of credit decisions, written with optimistic concurrency (ETag). Every operation is idempotent by
/// hold id, so an activity that runs twice changes nothing the second time.
///
/// Where balances come from: Mortgage from the profile (the bank's mortgage accounts, <c>ProfileView.Mortgages</c>),
/// Consumer and Business from the bank's loan ledger (<c>ProfileView.Loans</c>, the <c>bank.loan-account</c> feed), both
/// synced by the credit decision when it loads the applicant; Consumer also grows when a hold is confirmed (an offer
/// accepted), until the ledger reports the new line.
/// </summary>
public interface IExposureStore
{
    Task<CustomerExposure> GetAsync(string customerKey, CancellationToken cancellationToken);

    /// <summary>Sets one balance (e.g. the mortgage balance synced from the profile); a no-op when it is already that.</summary>
    Task SetBalanceAsync(string customerKey, ExposureKind kind, decimal amount, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Places the hold if the household's unsecured exposure plus the amount stays within the cap. Re-reads and
    /// re-checks on every conflict, so two decisions racing for the same room cannot both fit.
    /// </summary>
    Task<HoldResult> TryPlaceHoldAsync(HoldRequest request, CancellationToken cancellationToken);

    /// <summary>Releases a held amount (declined, expired, withdrawn). False when there is no such hold or it was confirmed.</summary>
    Task<bool> ReleaseHoldAsync(string customerKey, string holdId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Accepted: the hold becomes part of the Consumer balance. False when there is no active such hold.</summary>
    Task<bool> ConfirmHoldAsync(string customerKey, string holdId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The unified exposure of a customer and co-owners, with holds active at <paramref name="asOf"/>.</summary>
    async Task<ExposureSummary> HouseholdAsync(string customerKey, IReadOnlyList<string> coOwners, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coOwners);
        var total = ExposureSummary.None;
        foreach (var key in coOwners.Prepend(customerKey).Distinct(StringComparer.Ordinal))
        {
            total = total.Add((await GetAsync(key, cancellationToken).ConfigureAwait(false)).Summary(asOf));
        }

        return total;
    }
}
