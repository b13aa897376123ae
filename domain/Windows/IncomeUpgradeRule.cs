using System.Globalization;
using LifeWindow.Domain.Feeds;
using LifeWindow.Domain.Profiles;

namespace LifeWindow.Domain.Windows;

/// <summary>
/// IncomeUpgrade: the provident-fund base rose by at least <c>minIncomeGrowthPct</c> against the same
/// month a year earlier, or the customer moved to a public-sector employer. The anchor is the first
/// month of the current run of qualifying months, so a condition that keeps holding month after month
/// keeps the same window instead of opening a new one each month.
/// </summary>
public sealed class IncomeUpgradeRule : IWindowRule
{
    public const string RuleId = "IncomeUpgrade";
    public const string MinIncomeGrowthPct = "minIncomeGrowthPct";

    public string Id => RuleId;

    public IReadOnlyList<string> RequiredThresholds { get; } = [MinIncomeGrowthPct];

    public RuleHit? Evaluate(CustomerProfile profile, RuleDefinition definition, TagSettings tags)
    {
        var facts = profile.ProvidentFund;
        if (facts.Count == 0)
        {
            return null;
        }

        var minGrowth = definition.Threshold(MinIncomeGrowthPct);
        var latest = facts.Count - 1;
        if (Qualifies(facts, latest, minGrowth, tags) is not { } latestReason)
        {
            return null;
        }

        var start = latest;
        while (start > 0
            && facts[start - 1].Period == facts[start].Period.AddMonths(-1)
            && Qualifies(facts, start - 1, minGrowth, tags) is not null)
        {
            start--;
        }

        var evidence = new List<string> { facts[latest].EvidenceHash };
        var yearAgo = facts.FirstOrDefault(f => f.Period == facts[latest].Period.AddMonths(-12));
        if (yearAgo is not null)
        {
            evidence.Add(yearAgo.EvidenceHash);
        }

        return new RuleHit($"pf:{facts[start].Period}", evidence, [latestReason]);
    }

    private static string? Qualifies(IReadOnlyList<ProvidentFundFact> facts, int index, decimal minGrowth, TagSettings tags)
    {
        var fact = facts[index];
        if (TagCalculator.IncomeGrowthPct(facts, index) is { } growth && growth >= minGrowth)
        {
            var yearAgo = facts.First(f => f.Period == fact.Period.AddMonths(-12));
            return string.Create(CultureInfo.InvariantCulture,
                $"公积金缴存基数同比上涨{growth:0.##}%（{yearAgo.Period} {yearAgo.ContributionBase:0.##}元 → {fact.Period} {fact.ContributionBase:0.##}元）");
        }

        var previous = index > 0 && facts[index - 1].Period == fact.Period.AddMonths(-1) ? facts[index - 1] : null;
        if (previous is not null && tags.IsPublicSector(fact.Sector) && !tags.IsPublicSector(previous.Sector))
        {
            return $"{fact.Period}起转入体制内单位（{SectorName(fact.Sector)}）缴存公积金";
        }

        return null;
    }

    private static string SectorName(EmployerSector sector) => sector switch
    {
        EmployerSector.Government => "机关",
        EmployerSector.PublicInstitution => "事业单位",
        EmployerSector.SOE => "国有企业",
        EmployerSector.Foreign => "外资企业",
        _ => "民营企业",
    };
}
