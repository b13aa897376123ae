using LifeWindow.Domain.Income;
using LifeWindow.Domain.Profiles;
using LifeWindow.Domain.Time;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Storage;

namespace LifeWindow.Orchestrations.IncomeVerification;

public sealed class GatherPayrollActivity(IProfileStore profiles, RuleCatalog catalog) : GatherIncomeActivity(profiles, catalog)
{
    protected override IncomeSource Source => IncomeSource.Payroll;

    protected override SourceEstimate Estimate(ProfileView view, YearMonth asOf, int lookbackMonths) => IncomeReconciler.Payroll(view, asOf, lookbackMonths);
}
