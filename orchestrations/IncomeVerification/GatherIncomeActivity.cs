using LifeWindow.Domain.Income;
using LifeWindow.Domain.Profiles;
using LifeWindow.Domain.Time;
using LifeWindow.Domain.Windows;
using LifeWindow.Integration.Storage;
using Microsoft.DurableTask;

namespace LifeWindow.Orchestrations.IncomeVerification;

/// <summary>
/// The four gather activities read the customer's stored profile (read-only, so re-running one is
/// harmless) and ask <see cref="IncomeReconciler"/> for one source's estimate. They are separate
/// activities so the orchestrator runs them in parallel and retries each on its own.
/// </summary>
public abstract class GatherIncomeActivity(IProfileStore profiles, RuleCatalog catalog) : TaskActivity<GatherIncomeInput, SourceEstimate>
{
    protected abstract IncomeSource Source { get; }

    public override async Task<SourceEstimate> RunAsync(TaskActivityContext context, GatherIncomeInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var stored = await profiles.GetAsync(input.CustomerKey, CancellationToken.None).ConfigureAwait(false);
        return stored is null
            ? SourceEstimate.None(Source)
            : Estimate(ProfileFolder.ViewOf(stored.Profile, catalog.Tags), input.AsOf, input.LookbackMonths);
    }

    protected abstract SourceEstimate Estimate(ProfileView view, YearMonth asOf, int lookbackMonths);
}
