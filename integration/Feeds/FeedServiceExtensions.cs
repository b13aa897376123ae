using LifeWindow.Integration.Feeds.Bank;
using LifeWindow.Integration.Feeds.Consent;
using LifeWindow.Integration.Feeds.PropertyRegistry;
using LifeWindow.Integration.Feeds.ProvidentFund;
using LifeWindow.Integration.Feeds.Tax;

namespace LifeWindow.Integration.Feeds;

public static class FeedServiceExtensions
{
    /// <summary>
    /// Every feed's parsers, one per event type, and the checks across records: the government feeds
    /// (provident fund, property registry, tax invoices and declarations, with the red-letter invoice check and its
    /// invoice registry, Table storage when Storage:Provider is Tables), the bank app's consents, and the bank's own
    /// records on feed "bank". The consumption-scene whitelist registers with its importer (AddLifeWindowWhitelistImport).
    /// </summary>
    public static IServiceCollection AddLifeWindowFeeds(this IServiceCollection services)
    {
        Type[] parsers =
        [
            typeof(ProvidentFundParser), typeof(PropertyRegistryParser), typeof(TaxInvoiceParser), typeof(TaxDeclarationParser), typeof(ConsentParser),
            typeof(MortgageAccountParser), typeof(MortgageRepaymentParser), typeof(DepositSnapshotParser), typeof(PayrollCreditParser),
            typeof(PosSettlementParser), typeof(LargeTransferParser), typeof(CustodyFlowParser), typeof(CallTranscriptParser), typeof(RiskAssessmentParser), typeof(IncomeDeclarationParser), typeof(LoanAccountParser), typeof(ListEntryParser),
        ];
        foreach (var parser in parsers)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(IFeedParser), parser));
        }

        services.TryAddSingleton<IInvoiceRegistry>(sp =>
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Tables
                ? new TableInvoiceRegistry(sp.GetRequiredService<LifeWindowTables>())
                : new InMemoryInvoiceRegistry());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedRecordCheck, RedLetterInvoiceCheck>());
        return services;
    }
}
