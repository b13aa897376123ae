using System.Collections.Concurrent;
using Fluid;
using LifeWindow.Domain.Credit;
using LifeWindow.Domain.Leads;

namespace LifeWindow.Domain.Scripts;

/// <summary>Renders the relationship manager's talking script (智能话术) from the offer's Liquid template and the customer's facts.</summary>
public sealed class TalkingScriptRenderer
{
    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> templates = new(StringComparer.Ordinal);

    /// <summary>
    /// Renders the script from the customer's tags (<paramref name="customer"/>, those marketing may use). A credit lead whose decision approved passes <paramref name="credit"/>: templates then
    /// see <c>approved_amount</c> (万元, up to two decimals) and <c>rate_pct</c> (annual, percent); otherwise both are empty.
    /// </summary>
    public string Render(OfferDefinition offer, Window window, TagSet customer, TagSettings tags, LeadCredit? credit = null)
    {
        var template = templates.GetOrAdd(offer.ScriptTemplate, Parse);
        var context = new TemplateContext();
        context.SetValue("greeting", "尊敬的客户，");
        context.SetValue("offer_name", offer.Name);
        context.SetValue("reasons", window.Reasons.ToArray());
        context.SetValue("income_stable", customer.Get(TagNames.IncomeStable)?.Value == "true");
        context.SetValue("stable_months", tags.IncomeStableMonths);
        context.SetValue("growth_pct", customer.Get(TagNames.IncomeGrowthPct)?.Value ?? string.Empty);
        if (credit is { Decision: CreditOutcome.Approve, ApprovedAmount: > 0 })
        {
            context.SetValue("approved_amount", Math.Round(credit.ApprovedAmount / 10_000m, 2).ToString("0.##", CultureInfo.InvariantCulture));
            context.SetValue("rate_pct", Math.Round(credit.AnnualRatePct, 2).ToString("0.##", CultureInfo.InvariantCulture));
        }

        return template.Render(context).Trim();
    }

    private static IFluidTemplate Parse(string source) =>
        Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidCatalogException($"Talking-script template does not parse: {error}");
}
