using LifeWindow.Domain.Profiles;

namespace LifeWindow.Domain.Windows;

/// <summary>Interim IncomeUpgrade over the profile's tags (replaced by the data-driven catalog).</summary>
public sealed class IncomeUpgradeRule : IWindowRule
{
    public const string RuleId = "IncomeUpgrade";
    public const string MinIncomeGrowthPct = "minIncomeGrowthPct";

    public string Id => RuleId;

    public IReadOnlyList<string> RequiredThresholds { get; } = [MinIncomeGrowthPct];

    public RuleHit? Evaluate(CustomerProfile profile, RuleDefinition definition, TagSettings tags)
    {
        if (profile.Tag(TagNames.IncomeGrowthPct) is { } growth && growth.Number >= definition.Threshold(MinIncomeGrowthPct))
        {
            return new RuleHit($"pf:{growth.Since:yyyy-MM}", growth.Evidence, [$"公积金缴存基数同比上涨{growth.Value}%"]);
        }

        return profile.Tag(TagNames.MovedToPublicSector) is { Boolean: true } moved
            ? new RuleHit($"pf:{moved.Since:yyyy-MM}", moved.Evidence, ["转入体制内单位缴存公积金"])
            : null;
    }
}
