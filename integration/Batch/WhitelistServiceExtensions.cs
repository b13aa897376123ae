using LifeWindow.Integration.Feeds.ConsumptionScenes;

namespace LifeWindow.Integration.Batch;

public static class WhitelistServiceExtensions
{
    /// <summary>The consumption-scene whitelist: its parser and match check (webhooks included) and the batch-file importers.</summary>
    public static IServiceCollection AddLifeWindowWhitelistImport(this IServiceCollection services)
    {
        services.AddOptions<BatchImportOptions>().BindConfiguration(BatchImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ConsumptionSceneParser>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedParser, ConsumptionSceneParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedRecordCheck, ConsumptionSceneMatchCheck>());
        services.TryAddSingleton<WhitelistMatcher>();
        services.TryAddSingleton<WhitelistImporter>();
        services.TryAddSingleton<BlobWhitelistImport>();
        return services;
    }
}
