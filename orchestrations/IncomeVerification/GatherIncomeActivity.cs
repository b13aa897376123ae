namespace LifeWindow.Orchestrations.IncomeVerification;

/// <summary>
/// Reads the customer's stored profile (read-only, so re-running it is harmless) and asks
/// <see cref="IncomeReconciler"/> for one source's estimate. The orchestrator calls it once per source, in parallel,
/// so each source is retried on its own.
/// <para>
/// Instances started on code version 1 call it under the four names it had then, one activity per source
/// (<see cref="LegacyNames"/>); their input carries no source, so the name says which.
/// </para>
/// </summary>
public sealed class GatherIncomeActivity(IProfileStore profiles, RuleCatalog catalog) : TaskActivity<GatherIncomeInput, SourceEstimate>
{
    // The activity names of code version 1, one per source (the Functions app's triggers carry them too).
    public const string LegacyProvidentFund = "GatherProvidentFundActivity";
    public const string LegacyPayroll = "GatherPayrollActivity";
    public const string LegacyTaxDeclarations = "GatherTaxDeclarationsActivity";
    public const string LegacyInvoices = "GatherInvoicesActivity";

    /// <summary>The activity names of code version 1 and the source each gathered; still registered for instances in flight.</summary>
    public static readonly IReadOnlyDictionary<string, IncomeSource> LegacyNames = new Dictionary<string, IncomeSource>(StringComparer.Ordinal)
    {
        [LegacyProvidentFund] = IncomeSource.ProvidentFund,
        [LegacyPayroll] = IncomeSource.Payroll,
        [LegacyTaxDeclarations] = IncomeSource.TaxDeclarations,
        [LegacyInvoices] = IncomeSource.Invoices,
    };

    public override async Task<SourceEstimate> RunAsync(TaskActivityContext context, GatherIncomeInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var source = input.Source
            ?? (LegacyNames.TryGetValue(context.Name.Name, out var named) ? named : throw new ArgumentException($"{context.Name.Name} was called without an income source.", nameof(input)));
        var stored = await profiles.GetAsync(input.CustomerKey, CancellationToken.None).ConfigureAwait(false);
        if (stored is null)
        {
            return SourceEstimate.None(source);
        }

        // Only what the customer allowed for credit assessment: a source without that consent gives no estimate.
        var view = ConsentSources.Permitted(ProfileFolder.ViewOf(stored.Profile, catalog.Tags), ConsentPurpose.CreditAssessment);
        return source switch
        {
            IncomeSource.ProvidentFund => IncomeReconciler.ProvidentFund(view, input.AsOf, input.LookbackMonths),
            IncomeSource.Payroll => IncomeReconciler.Payroll(view, input.AsOf, input.LookbackMonths),
            IncomeSource.TaxDeclarations => IncomeReconciler.TaxDeclarations(view, input.AsOf, input.LookbackMonths),
            IncomeSource.Invoices => IncomeReconciler.Invoices(view, input.AsOf, input.LookbackMonths),
            _ => throw new ArgumentOutOfRangeException(nameof(input), source, "Unknown income source."),
        };
    }
}
