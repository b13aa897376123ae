using LifeWindow.Functions.Crm;
using LifeWindow.Functions.Ingress;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LifeWindow.Functions.Webhooks;

public static class WebhookServiceExtensions
{
    /// <summary>The HTTP edge of the signed webhooks: the pipeline every endpoint runs, the feed and CRM-outcome handlers.</summary>
    public static IHostApplicationBuilder AddLifeWindowWebhooks(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<SignedWebhookPipeline>();
        builder.Services.TryAddSingleton<FeedWebhookHandler>();
        builder.Services.TryAddSingleton<CrmOutcomeHandler>();
        return builder;
    }
}
