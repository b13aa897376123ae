using LifeWindow.Integration.Exposure;

namespace LifeWindow.Integration.Credit;

public static class CreditServiceExtensions
{
    /// <summary>The credit policy (Policies:Credit, validated at start-up) and the exposure, revolving-line, application, decision and blacklist stores.</summary>
    public static IServiceCollection AddLifeWindowCreditStores(this IServiceCollection services, StorageProvider provider)
    {
        services.AddOptions<CreditPolicy>().BindConfiguration(CreditPolicy.Section).ValidateDataAnnotations().ValidateOnStart();
        if (provider == StorageProvider.Tables)
        {
            services.TryAddSingleton<IExposureStore, TableExposureStore>();
            services.TryAddSingleton<IRevolvingLineStore, TableRevolvingLineStore>();
            services.TryAddSingleton<ICreditApplicationLog, TableCreditApplicationLog>();
            services.TryAddSingleton<ICreditDecisionStore, TableCreditDecisionStore>();
            services.TryAddSingleton<ICreditBlacklist, TableCreditBlacklist>();
        }
        else
        {
            services.TryAddSingleton<IExposureStore, InMemoryExposureStore>();
            services.TryAddSingleton<IRevolvingLineStore, InMemoryRevolvingLineStore>();
            services.TryAddSingleton<ICreditApplicationLog, InMemoryCreditApplicationLog>();
            services.TryAddSingleton<ICreditDecisionStore, InMemoryCreditDecisionStore>();
            services.TryAddSingleton<ICreditBlacklist, InMemoryCreditBlacklist>();
        }

        return services;
    }
}
