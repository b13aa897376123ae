using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LifeWindow.Functions.Webhooks;

public static class WebhookServiceExtensions
{
    /// <summary>The HTTP edge of the signed webhooks: the pipeline every webhook function runs (FeedFunctions, CrmOutcomeFunction).</summary>
    public static IHostApplicationBuilder AddLifeWindowWebhooks(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<SignedWebhookPipeline>();
        return builder;
    }
}
