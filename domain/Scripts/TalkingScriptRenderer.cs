using System.Collections.Concurrent;
using Fluid;
using LifeWindow.Domain.Offers;
using LifeWindow.Domain.Profiles;
using LifeWindow.Domain.Windows;

namespace LifeWindow.Domain.Scripts;

/// <summary>Renders the relationship manager's talking script (智能话术) from the offer's Liquid template and the customer's facts.</summary>
public sealed class TalkingScriptRenderer
{
    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> templates = new(StringComparer.Ordinal);

    public string Render(OfferDefinition offer, Window window, CustomerProfile profile, TagSettings tags)
    {
        var template = templates.GetOrAdd(offer.ScriptTemplate, Parse);
        var context = new TemplateContext();
        context.SetValue("greeting", "尊敬的客户，");
        context.SetValue("offer_name", offer.Name);
        context.SetValue("reasons", window.Reasons.ToArray());
        context.SetValue("income_stable", profile.Tag(TagNames.IncomeStable)?.Value == "true");
        context.SetValue("stable_months", tags.IncomeStableMonths);
        context.SetValue("growth_pct", profile.Tag(TagNames.IncomeGrowthPct)?.Value ?? string.Empty);
        return template.Render(context).Trim();
    }

    private static IFluidTemplate Parse(string source) =>
        Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidCatalogException($"Talking-script template does not parse: {error}");
}
