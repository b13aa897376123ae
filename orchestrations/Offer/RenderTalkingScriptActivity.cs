using LifeWindow.Domain.Scripts;

namespace LifeWindow.Orchestrations.Offer;

/// <summary>
/// Renders the relationship manager's talking script from the offer template and the customer's tags now, computed only
/// from the sources the customer allowed for marketing.
/// </summary>
public sealed class RenderTalkingScriptActivity(IProfileStore profiles, RuleCatalog catalog, TalkingScriptRenderer renderer, TimeProvider time)
    : TaskActivity<RenderScriptInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, RenderScriptInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var stored = await profiles.GetAsync(input.Window.CustomerKey, CancellationToken.None).ConfigureAwait(false);
        var profile = stored?.Profile ?? CustomerProfile.Empty(input.Window.CustomerKey);
        var tags = ConsentSources.PermittedTags(profile, catalog.Tags, ConsentPurpose.Marketing, time.GetUtcNow());
        return renderer.Render(catalog.Offer(input.Offer.OfferId), input.Window, tags, catalog.Tags, input.Credit);
    }
}
