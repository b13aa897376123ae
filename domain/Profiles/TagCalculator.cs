using System.Globalization;
using LifeWindow.Domain.Feeds;
using LifeWindow.Domain.Windows;

namespace LifeWindow.Domain.Profiles;

/// <summary>Computes the dynamic tags from a profile's facts; each tag says since when it holds.</summary>
public static class TagCalculator
{
    public static IReadOnlyDictionary<string, Tag> Compute(CustomerProfile profile, TagSettings settings)
    {
        var tags = new Dictionary<string, Tag>(StringComparer.Ordinal);
        if (profile.Person is { } person)
        {
            tags[TagNames.AgeBand] = new Tag(TagNames.AgeBand, person.AgeBand, profile.ProvidentFund.Count > 0 ? profile.ProvidentFund[^1].Period.FirstDay : DateOnly.MinValue);
        }

        var facts = profile.ProvidentFund;
        if (facts.Count == 0)
        {
            return tags;
        }

        var latest = facts[^1];

        if (IncomeGrowthPct(facts, facts.Count - 1) is { } growth)
        {
            tags[TagNames.IncomeGrowthPct] = new Tag(TagNames.IncomeGrowthPct, growth.ToString("0.##", CultureInfo.InvariantCulture), latest.Period.FirstDay);
        }

        var isPublic = settings.IsPublicSector(latest.Sector);
        var sectorRunStart = RunStart(facts, f => settings.IsPublicSector(f.Sector) == isPublic);
        tags[TagNames.PublicSector] = new Tag(TagNames.PublicSector, isPublic ? "true" : "false", facts[sectorRunStart].Period.FirstDay);

        var normalRunStart = RunStart(facts, f => f.Status == ContributionStatus.Normal);
        var normalMonths = latest.Status == ContributionStatus.Normal ? facts.Count - normalRunStart : 0;
        tags[TagNames.IncomeStable] = normalMonths >= settings.IncomeStableMonths
            ? new Tag(TagNames.IncomeStable, "true", facts[normalRunStart + settings.IncomeStableMonths - 1].Period.FirstDay)
            : new Tag(TagNames.IncomeStable, "false", facts[normalRunStart].Period.FirstDay);

        return tags;
    }

    /// <summary>Contribution base at <paramref name="index"/> against the same month a year earlier, in percent (2 places).</summary>
    public static decimal? IncomeGrowthPct(IReadOnlyList<ProvidentFundFact> facts, int index)
    {
        var current = facts[index];
        var yearAgo = current.Period.AddMonths(-12);
        var earlier = facts.FirstOrDefault(f => f.Period == yearAgo);
        if (earlier is null || earlier.ContributionBase <= 0)
        {
            return null;
        }

        return Math.Round((current.ContributionBase - earlier.ContributionBase) * 100m / earlier.ContributionBase, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>Index of the first fact of the run of consecutive months, ending at the latest, for which <paramref name="holds"/> is the same as for the latest.</summary>
    private static int RunStart(IReadOnlyList<ProvidentFundFact> facts, Func<ProvidentFundFact, bool> holds)
    {
        var start = facts.Count - 1;
        while (start > 0
            && facts[start - 1].Period == facts[start].Period.AddMonths(-1)
            && holds(facts[start - 1]) == holds(facts[start]))
        {
            start--;
        }

        return start;
    }
}
