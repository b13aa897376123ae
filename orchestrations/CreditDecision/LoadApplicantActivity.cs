using LifeWindow.Domain.Feeds.Bank;
using LifeWindow.Domain.Time;

namespace LifeWindow.Orchestrations.CreditDecision;

/// <summary>
/// Records the application (idempotent by application id, for the velocity check), syncs each household
/// member's mortgage balance from their profile into the exposure store, and returns the applicant's tags
/// with the unified exposure of the customer and co-owners. The tags are computed as of the application from the
/// profile cut down to the sources the customer allowed for credit assessment (<see cref="ConsentSources.Permitted"/>).
/// </summary>
public sealed class LoadApplicantActivity(
    IProfileStore profiles,
    RuleCatalog catalog,
    IExposureStore exposure,
    ICreditApplicationLog applications,
    ICreditBlacklist blacklist) : TaskActivity<LoadApplicantInput, ApplicantFacts>
{
    public override async Task<ApplicantFacts> RunAsync(TaskActivityContext context, LoadApplicantInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var ct = CancellationToken.None;
        await applications.RecordAsync(input.CustomerKey, input.ApplicationId, input.AppliedAt, ct).ConfigureAwait(false);

        var profile = (await profiles.GetAsync(input.CustomerKey, ct).ConfigureAwait(false))?.Profile ?? CustomerProfile.Empty(input.CustomerKey);
        var view = ProfileFolder.ViewOf(profile, catalog.Tags);
        var coOwners = profile.Household(view);

        // A joint mortgage may sit on more than one member's profile: count each account once, on the first member holding it.
        var seenAccounts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in coOwners.Prepend(input.CustomerKey))
        {
            var memberView = member == input.CustomerKey
                ? view
                : (await profiles.GetAsync(member, ct).ConfigureAwait(false))?.Profile is { } other ? ProfileFolder.ViewOf(other, catalog.Tags) : ProfileView.Empty;
            var balance = memberView.Mortgages.Where(m => m.Status == MortgageStatus.Active && seenAccounts.Add(m.AccountId)).Sum(m => m.Balance);
            await exposure.SetBalanceAsync(member, ExposureKind.Mortgage, balance, input.AppliedAt, ct).ConfigureAwait(false);
            await SyncLoansAsync(member, memberView, input.AppliedAt, ct).ConfigureAwait(false);
        }

        // The decision reads the tags of what the customer allowed for credit assessment, as of the application.
        var tags = ConsentSources.PermittedTags(view, catalog.Tags, ConsentPurpose.CreditAssessment, input.AppliedAt, input.CustomerKey);
        var household = await exposure.HouseholdAsync(input.CustomerKey, coOwners, input.AppliedAt, ct).ConfigureAwait(false);
        var recent = await applications.CountAsync(input.CustomerKey, input.AppliedAt.AddDays(-input.VelocityWindowDays), input.AppliedAt, ct).ConfigureAwait(false);

        return new ApplicantFacts
        {
            CustomerKey = input.CustomerKey,
            CoOwners = coOwners,
            MonthlyIncome = input.VerifiedMonthlyIncome ?? tags.Get(TagNames.MonthlyIncome)?.Number,
            DtiPct = tags.Get(TagNames.Dti)?.Number,
            LtvPct = tags.Get(TagNames.LtvPct)?.Number,
            MaxDaysPastDue24Months = (int?)tags.Get(TagNames.MaxDaysPastDue24Months)?.Number,
            MaxDaysPastDue12Months = (int?)tags.Get(TagNames.MaxDaysPastDue12Months)?.Number,
            ProvidentFundStatus = tags.Get(TagNames.ProvidentFundStatus)?.Value,
            OnTimeStreakMonths = (int?)tags.Get(TagNames.OnTimeStreakMonths)?.Number,
            CityTier = Enum.TryParse<CityTier>(tags.Get(TagNames.CityTier)?.Value, out var tier) ? tier : null,
            ApplicationsInWindow = Math.Max(1, recent),
            Blacklisted = view.IsListed(BusinessClock.ToBusinessDate(input.AppliedAt)) || await blacklist.ContainsAsync(input.CustomerKey, ct).ConfigureAwait(false),
            Exposure = household,
        };
    }

    /// <summary>
    /// A member's consumer and business balances from the bank's loan ledger (<c>bank.loan-account</c>), once it has
    /// reported any of their loans: the active loans' balances, plus the lines taken up through LifeWindow (confirmed
    /// holds) after the ledger's latest report, which it has not reported yet. Without a report the balances stay as
    /// the exposure store has them (confirmed holds only).
    /// </summary>
    private async Task SyncLoansAsync(string member, ProfileView memberView, DateTimeOffset at, CancellationToken ct)
    {
        if (memberView.Loans.Count == 0)
        {
            return;
        }

        var reportedUntil = memberView.Loans.Max(l => l.AsOf);
        var sinceReport = (await exposure.GetAsync(member, ct).ConfigureAwait(false)).Holds
            .Where(h => h.State == HoldState.Confirmed && BusinessClock.ToBusinessDate(h.PlacedAt) > reportedUntil)
            .Sum(h => h.Amount);
        decimal Balance(LoanKind kind) => memberView.Loans.Where(l => l.Kind == kind && l.Status == LoanStatus.Active).Sum(l => l.Balance);
        await exposure.SetBalanceAsync(member, ExposureKind.Consumer, Balance(LoanKind.Consumer) + Balance(LoanKind.Revolving) + sinceReport, at, ct).ConfigureAwait(false);
        await exposure.SetBalanceAsync(member, ExposureKind.Business, Balance(LoanKind.Business), at, ct).ConfigureAwait(false);
    }
}
