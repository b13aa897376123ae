using LifeWindow.Domain.Profiles;

namespace LifeWindow.Domain.Windows;

/// <summary>One rule of the catalog, implemented in code; its numbers come from the catalog entry.</summary>
public interface IWindowRule
{
    string Id { get; }

    IReadOnlyList<string> RequiredThresholds { get; }

    RuleHit? Evaluate(CustomerProfile profile, RuleDefinition definition, TagSettings tags);
}

/// <summary>A rule firing: the anchor event, the evidence used and the reasons in words.</summary>
public sealed record RuleHit(string Anchor, IReadOnlyList<string> Evidence, IReadOnlyList<string> Reasons);

public static class WindowRules
{
    public static readonly IReadOnlyDictionary<string, IWindowRule> ById =
        new IWindowRule[] { new IncomeUpgradeRule() }.ToDictionary(r => r.Id, StringComparer.Ordinal);
}

/// <summary>Runs every catalog rule over a profile and turns hits into windows.</summary>
public static class WindowDetector
{
    public static IReadOnlyList<Window> Detect(CustomerProfile profile, RuleCatalog catalog, DateTimeOffset now)
    {
        var windows = new List<Window>();
        foreach (var definition in catalog.Rules)
        {
            var hit = WindowRules.ById[definition.Id].Evaluate(profile, definition, catalog.Tags);
            if (hit is null)
            {
                continue;
            }

            windows.Add(new Window
            {
                WindowId = Window.IdFor(profile.CustomerKey, definition.Id, hit.Anchor),
                CustomerKey = profile.CustomerKey,
                RuleId = definition.Id,
                Anchor = hit.Anchor,
                CatalogVersion = catalog.Version,
                OpensAt = now,
                ClosesAt = now.AddDays(definition.WindowDays),
                Priority = definition.Priority,
                CoolOffDays = definition.CoolOffDays,
                CandidateOffers = definition.Offers,
                Evidence = hit.Evidence,
                Reasons = hit.Reasons,
            });
        }

        return windows;
    }
}
