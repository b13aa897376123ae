using LifeWindow.Domain.Income;
using LifeWindow.Domain.Profiles;
using LifeWindow.Domain.Time;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Storage;

namespace LifeWindow.Orchestrations.IncomeVerification;

public sealed class GatherInvoicesActivity(IProfileStore profiles, RuleCatalog catalog) : GatherIncomeActivity(profiles, catalog)
{
    protected override IncomeSource Source => IncomeSource.Invoices;

    protected override SourceEstimate Estimate(ProfileView view, YearMonth asOf, int lookbackMonths) => IncomeReconciler.Invoices(view, asOf, lookbackMonths);
}
