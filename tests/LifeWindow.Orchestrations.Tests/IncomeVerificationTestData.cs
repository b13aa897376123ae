namespace LifeWindow.Orchestrations.Tests;

/// <summary>Profiles like DOMAIN's customers (a 1.8万 provident base, a shop invoicing ~6万 a month) and waits on the workflow.</summary>
internal static class IncomeVerificationTestData
{
    public static YearMonth ThisMonth => YearMonth.From(BusinessClock.Today(TimeProvider.System));

    /// <summary>Provident base 18,000 (Normal), payroll 17,000 a month: verified 17,500 with confidence 0.70.</summary>
    public static ProfileView Salaried()
    {
        var now = ThisMonth;
        return new ProfileView
        {
            ProvidentFund = [.. Enumerable.Range(0, 12).Select(i => new PfMonth(now.AddMonths(-i), 18_000m, EmployerSector.SOE, ContributionStatus.Normal, "91310000MA1FL0000X", 80_000m, null, $"pf-{now.AddMonths(-i)}"))],
            Payroll = [.. Enumerable.Range(0, 12).Select(i => new MoneyMonth(now.AddMonths(-i), 17_000m, 1, [$"pay-{now.AddMonths(-i)}"]))],
            DeclaredIncome = new DeclaredIncome(18_000m, LifeWindow.Domain.Feeds.Bank.DeclarationChannel.App, DateTimeOffset.UtcNow.AddDays(-10), "ev-declared-18000"),
        };
    }

    /// <summary>Salaried plus a business: declarations 180,000 a quarter, invoices 60,000 a month net of a red letter: 77,500 in all.</summary>
    public static ProfileView SalariedWithBusiness()
    {
        var now = ThisMonth;
        var q1 = YearQuarter.From(now.AddMonths(-3).FirstDay);
        var q2 = YearQuarter.From(now.AddMonths(-6).FirstDay);
        return Salaried() with
        {
            Declarations = [new DeclarationQuarter(q1, "91310000MA1FL0000X", 180_000m, 1_800m, $"decl-{q1}"), new DeclarationQuarter(q2, "91310000MA1FL0000X", 180_000m, 1_800m, $"decl-{q2}")],
            Revenue = [new RevenueMonth(now.AddMonths(-1), 0m, 0, 65_000m - 5_000m, ["inv-1", "inv-red-1"]), new RevenueMonth(now.AddMonths(-2), 0m, 0, 60_000m, ["inv-2"])],
        };
    }

    /// <summary>Saves the profile; a view with no consents gets CreditAssessment granted for every source (Marketing is the contact tests' to grant).</summary>
    public static async Task SaveProfileAsync(RunningHost host, string customerKey, ProfileView view) =>
        await host.Get<IProfileStore>().SaveAsync(new CustomerProfile { CustomerKey = customerKey, Snapshot = view.Consents.Count > 0 ? view : view with { Consents = Granted(ConsentPurpose.CreditAssessment) } }, null, CancellationToken.None);

    /// <summary>The purpose granted for every consent source, a month ago.</summary>
    public static IReadOnlyList<ConsentState> Granted(ConsentPurpose purpose) =>
        [.. Enum.GetValues<ConsentSource>().Select(source => new ConsentState(purpose, source, null, ConsentAction.Granted, DateTimeOffset.UtcNow.AddDays(-30), "esign-test", $"ev-consent-{purpose}-{source}"))];

    public static IncomeVerificationPolicy Policy(
        TimeSpan? documents = null, TimeSpan? review = null, int requests = 1, string version = "test-1") => new()
    {
        Version = version,
        DocumentsTimeout = documents ?? TimeSpan.FromMinutes(5),
        ReviewTimeout = review ?? TimeSpan.FromMinutes(5),
        DocumentRequests = requests,
    };

    public static Task<(OrchestrationMetadata Instance, IncomeVerificationStatus Status)> WaitForStageAsync(RunningHost host, string instanceId, string stage, string? roundSuffix = null) =>
        WorkflowWaits.StageAsync(
            host,
            instanceId,
            IncomeVerificationClient.StatusOf,
            s => s.Stage == stage && (roundSuffix is null || s.RoundId?.EndsWith(roundSuffix, StringComparison.Ordinal) == true));

    public static Task<IncomeVerificationResult> WaitForResultAsync(RunningHost host, string instanceId) =>
        WorkflowWaits.ResultAsync<IncomeVerificationResult>(host, instanceId);

    /// <summary>
    /// Posts <paramref name="body"/>, signed in (operator token) as <paramref name="asOperator"/>, or else as the operator the
    /// body names in "reviewerId"/"submittedBy" when the local host has a token for them.
    /// </summary>
    public static Task<HttpResponseMessage> PostAsync(RunningHost host, string path, object body, string? asOperator = null)
    {
        var name = asOperator
            ?? body.GetType().GetProperty("reviewerId")?.GetValue(body) as string
            ?? body.GetType().GetProperty("submittedBy")?.GetValue(body) as string;
        var known = host.Get<Microsoft.Extensions.Options.IOptions<LifeWindow.Functions.Operations.OperatorOptions>>().Value.Tokens.ContainsValue(name ?? string.Empty);
        return host.PostAsOperatorAsync(path, JsonContent.Create(body, options: LifeWindowJson.Options), known ? name : null);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
