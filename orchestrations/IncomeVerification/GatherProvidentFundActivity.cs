using LifeWindow.Domain.Income;
using LifeWindow.Domain.Profiles;
using LifeWindow.Domain.Time;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Storage;

namespace LifeWindow.Orchestrations.IncomeVerification;

public sealed class GatherProvidentFundActivity(IProfileStore profiles, RuleCatalog catalog) : GatherIncomeActivity(profiles, catalog)
{
    protected override IncomeSource Source => IncomeSource.ProvidentFund;

    protected override SourceEstimate Estimate(ProfileView view, YearMonth asOf, int lookbackMonths) => IncomeReconciler.ProvidentFund(view, asOf, lookbackMonths);
}
