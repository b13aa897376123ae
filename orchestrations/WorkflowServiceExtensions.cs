using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LifeWindow.Orchestrations;

public static class WorkflowServiceExtensions
{
    /// <summary>Registers the activity classes so hosts can build them with their dependencies, and the workflow policies.</summary>
    public static IHostApplicationBuilder AddLifeWindowWorkflows(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<IncomeVerificationPolicy>()
            .BindConfiguration(IncomeVerificationPolicy.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<OfferPolicyOptions>()
            .BindConfiguration(OfferPolicyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<LimitReviewPolicyOptions>()
            .BindConfiguration(LimitReviewPolicyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        foreach (var activity in WorkflowRegistry.Activities)
        {
            builder.Services.AddTransient(activity);
        }

        return builder;
    }
}
