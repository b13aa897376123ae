using LifeWindow.Domain.Feeds;
using LifeWindow.Domain.Windows;

namespace LifeWindow.Domain.Profiles;

/// <summary>
/// Folds feed records into a profile. Folding is idempotent (the same evidence twice changes nothing)
/// and order-independent for facts (a later correction of a month wins by the partner's report time,
/// whatever order the records arrive in).
/// </summary>
public static class ProfileFolder
{
    public static FoldResult Fold(CustomerProfile profile, FeedRecord record, DateTimeOffset recordedAt, TagSettings settings)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(record);
        if (!string.Equals(profile.CustomerKey, record.CustomerKey, StringComparison.Ordinal))
        {
            throw new ArgumentException("The record belongs to another customer.", nameof(record));
        }

        return record switch
        {
            ProvidentFundContribution contribution => FoldContribution(profile, contribution, recordedAt, settings),
            // Record types the profile does not fold yet are kept in the fact log (integration/Storage/FactLog.cs) for later folds.
            _ => new FoldResult(profile, Changed: false),
        };
    }

    private static FoldResult FoldContribution(CustomerProfile profile, ProvidentFundContribution record, DateTimeOffset recordedAt, TagSettings settings)
    {
        if (profile.ProvidentFund.Any(f => f.EvidenceHash == record.EvidenceHash))
        {
            return new FoldResult(profile, Changed: false);
        }

        var incoming = new ProvidentFundFact(
            record.Period,
            record.ContributionBase,
            record.Employer.Sector,
            record.Status,
            record.Employer.Uscc,
            record.RecordId,
            record.EvidenceHash,
            record.ReportedAt,
            recordedAt);

        var sameMonth = profile.ProvidentFund.FirstOrDefault(f => f.Period == record.Period);
        if (sameMonth is not null && Supersedes(sameMonth, incoming))
        {
            return new FoldResult(profile, Changed: false);
        }

        var facts = profile.ProvidentFund
            .Where(f => f.Period != record.Period)
            .Append(incoming)
            .OrderBy(f => f.Period)
            .ToList();

        var latestPeriod = facts[^1].Period;
        var person = profile.Person is null || record.Period >= latestPeriod ? record.Person : profile.Person;

        var updated = profile with
        {
            Person = person,
            ProvidentFund = facts,
            UpdatedAt = recordedAt,
        };
        return new FoldResult(updated with { Tags = TagCalculator.Compute(updated, settings) }, Changed: true);
    }

    /// <summary>True when <paramref name="current"/> should stay rather than be replaced by <paramref name="candidate"/> for the same month.</summary>
    private static bool Supersedes(ProvidentFundFact current, ProvidentFundFact candidate)
    {
        var byReport = Nullable.Compare(current.ReportedAt, candidate.ReportedAt);
        return byReport != 0 ? byReport > 0 : string.CompareOrdinal(current.EvidenceHash, candidate.EvidenceHash) > 0;
    }
}

public sealed record FoldResult(CustomerProfile Profile, bool Changed);
