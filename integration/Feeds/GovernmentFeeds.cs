using LifeWindow.Integration.Feeds.Consent;
using LifeWindow.Integration.Feeds.PropertyRegistry;
using LifeWindow.Integration.Feeds.Tax;
using LifeWindow.Integration.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LifeWindow.Integration.Feeds;

public static class GovernmentFeeds
{
    /// <summary>
    /// Parsers for the property-registry, tax (invoices, declarations) and consent feeds, and the
    /// red-letter invoice check with its invoice registry (Table storage when Storage:Provider is Tables).
    /// </summary>
    public static IServiceCollection AddGovernmentFeeds(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedParser, PropertyRegistryParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedParser, TaxInvoiceParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedParser, TaxDeclarationParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedParser, ConsentParser>());

        services.TryAddSingleton<IInvoiceRegistry>(sp =>
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Tables
                ? new TableInvoiceRegistry(sp.GetRequiredService<LifeWindowTables>())
                : new InMemoryInvoiceRegistry());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedRecordCheck, RedLetterInvoiceCheck>());
        return services;
    }
}
