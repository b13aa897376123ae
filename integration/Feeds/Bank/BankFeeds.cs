using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LifeWindow.Integration.Feeds.Bank;

/// <summary>The bank-internal records on feed "bank" (POST /api/feeds/bank), one parser per event type.</summary>
public static class BankFeeds
{
    public static IServiceCollection AddBankFeeds(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedParser, MortgageAccountParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedParser, MortgageRepaymentParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedParser, DepositSnapshotParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedParser, PayrollCreditParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedParser, PosSettlementParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedParser, LargeTransferParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedParser, CustodyFlowParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedParser, CallTranscriptParser>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IFeedParser, RiskAssessmentParser>());
        return services;
    }
}
