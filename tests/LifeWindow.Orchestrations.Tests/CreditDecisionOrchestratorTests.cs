using LifeWindow.Domain.Credit;
using LifeWindow.Domain.Feeds.Bank;
using LifeWindow.Functions.Operations;
using LifeWindow.Integration.Credit;

namespace LifeWindow.Orchestrations.Tests;

/// <summary>Seeds applicants' profiles and drives credit decisions on a running local host (real DTFx engine).</summary>
public static class CreditHarness
{
    public static readonly CreditPolicy Policy = new() { ApprovalTimeout = TimeSpan.FromMinutes(5) };

    /// <summary>
    /// Seeds the applicant's facts (their profile's view), built so that the decision's tags come out as
    /// <paramref name="tags"/> asks (defaults: income 30,000, DTI 20%, LTV 40%, no days past due, provident fund Normal,
    /// 36 months on time, a provincial-capital property): a year of provident-fund months and payroll at the income,
    /// the mortgage with its instalments (each due DTI × income; on time for the streak, then a month not reported, and
    /// one instalment 14 months back at the 24-month days past due), the property appraised at balance ÷ LTV. The
    /// customer allowed CreditAssessment for every source unless <paramref name="consents"/> says otherwise.
    /// </summary>
    public static async Task SeedAsync(
        RunningHost host, string customer, IReadOnlyDictionary<string, string>? tags = null, IReadOnlyList<string>? coOwners = null, decimal mortgageBalance = 1_000_000m, IReadOnlyList<ConsentState>? consents = null)
    {
        string Tag(string name, string fallback) => tags?.GetValueOrDefault(name) ?? fallback;
        decimal Number(string name, string fallback) => decimal.Parse(Tag(name, fallback), System.Globalization.CultureInfo.InvariantCulture);
        var income = Number(TagNames.MonthlyIncome, "30000");
        var (dti, ltv, streak, overdue24) = (Number(TagNames.Dti, "20"), Number(TagNames.LtvPct, "40"), (int)Number(TagNames.OnTimeStreakMonths, "36"), (int)Number(TagNames.MaxDaysPastDue24Months, "0"));
        var status = Enum.Parse<ContributionStatus>(Tag(TagNames.ProvidentFundStatus, nameof(ContributionStatus.Normal)));
        var tier = Enum.Parse<CityTier>(Tag(TagNames.CityTier, nameof(CityTier.ProvincialCapitalOrAbove)));
        Assert.True(Tag(TagNames.MaxDaysPastDue12Months, "0") == "0" && (overdue24 == 0 || streak < 13), "the harness seeds days past due 14 months back only");

        var month = YearMonth.From(BusinessClock.Today(TimeProvider.System));
        var account = "acc-" + customer;
        Instalment Due(int monthsAgo, int daysPastDue)
        {
            var due = month.AddMonths(-monthsAgo).FirstDay.AddDays(-1);
            return new Instalment(account, due, due.AddDays(daysPastDue), dti * income / 100m, dti * income / 100m, daysPastDue, $"ev-i-{customer}-{monthsAgo}");
        }

        var instalments = Enumerable.Range(0, streak).Select(i => Due(i, 0)).ToList();
        if (overdue24 > 0)
        {
            instalments.Insert(0, Due(14, overdue24));
        }

        var view = new ProfileView
        {
            ProvidentFund = [.. Enumerable.Range(0, 12).Reverse().Select(i => new PfMonth(month.AddMonths(-i), income, EmployerSector.SOE, status, "91310000MA1FL0000X", 80_000m, null, $"ev-pf-{customer}-{i}"))],
            Payroll = [.. Enumerable.Range(0, 12).Reverse().Select(i => new MoneyMonth(month.AddMonths(-i), income, 1, [$"ev-pay-{customer}-{i}"]))],
            Mortgages = [new MortgageState(account, "p-" + customer, 1_500_000m, mortgageBalance, 4.1m, 360, new DateOnly(2020, 1, 1), MortgageStatus.Active, "ev-m-" + customer)],
            Instalments = [.. instalments.OrderBy(i => i.DueDate)],
            Properties =
            [
                new PropertyState
                {
                    PropertyId = "p-" + customer,
                    City = "杭州",
                    CityTier = tier,
                    Owners = [customer, .. coOwners ?? []],
                    OwnersStamp = new Stamp(new DateOnly(2020, 1, 1), "ev-p-" + customer),
                    AppraisedValue = mortgageBalance > 0 ? Math.Round(mortgageBalance * 100m / ltv, 2) : 2_500_000m,
                    Appraisal = new Stamp(new DateOnly(2025, 6, 1), "ev-appraisal-" + customer),
                },
            ],
            Consents = consents ?? IncomeVerificationTestData.Granted(ConsentPurpose.CreditAssessment),
        };
        await host.Get<IProfileStore>().SaveAsync(CustomerProfile.Empty(customer) with { UpdatedAt = DateTimeOffset.UtcNow, Snapshot = view }, null, CancellationToken.None);
    }

    public static Task<string> StartAsync(RunningHost host, string applicationId, string customer, decimal amount, CreditPolicy? policy = null) =>
        new CreditDecisionClient(host.Get<DurableTaskClient>()).StartAsync(applicationId, customer, amount, "RevolvingLine", policy ?? Policy, CancellationToken.None);

    public static Task<CreditDecisionResult> ResultAsync(RunningHost host, string instanceId) =>
        WorkflowWaits.ResultAsync<CreditDecisionResult>(host, instanceId);

    public static async Task<CreditDecisionStatus> StageAsync(RunningHost host, string instanceId, string stage, int approvers = 0) =>
        (await WorkflowWaits.StageAsync(
            host,
            instanceId,
            i => i.SerializedCustomStatus is { } json ? JsonSerializer.Deserialize<CreditDecisionStatus>(json, LifeWindowJson.Options) : null,
            s => s.Stage == stage && s.Approvers.Count == approvers)).Status;

    /// <summary>Posts an approval as <paramref name="approverId"/>, signed in with their operator token (Operators:Tokens).</summary>
    public static Task<HttpResponseMessage> ApproveAsync(RunningHost host, string instanceId, string approverId, string decision = "approve", object? body = null) =>
        host.PostAsOperatorAsync($"/api/workflows/{instanceId}/approvals", JsonContent.Create(body ?? new { decision, comment = "ok" }), approverId);
}

public sealed partial class CreditDecisionOrchestratorTests : IAsyncLifetime
{
    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>A seeded applicant's decision whose approvals must come within <paramref name="approvalTimeout"/>.</summary>
    private async Task<string> StartWithApprovalTimeoutAsync(string customer, string applicationId, decimal amount, TimeSpan approvalTimeout)
    {
        await CreditHarness.SeedAsync(host, customer);
        return await CreditHarness.StartAsync(host, applicationId, customer, amount, CreditHarness.Policy with { ApprovalTimeout = approvalTimeout });
    }

    private Task<CustomerExposure> ExposureOf(string customer) => host.Get<IExposureStore>().GetAsync(customer, CancellationToken.None);

    [Fact]
    public async Task Decision_UnderTheAuthorityLimit_ApprovedAtTheDiscountedRateAndHeld()
    {
        await CreditHarness.SeedAsync(host, "k5-ok");

        var id = await CreditHarness.StartAsync(host, "app-ok", "k5-ok", 200_000m);
        var result = await CreditHarness.ResultAsync(host, id);

        Assert.Equal("cd-app-ok", id);
        Assert.Equal((CreditOutcome.Approve, 200_000m, 3.48m, id), (result.Outcome, result.ApprovedAmount, result.AnnualRatePct, result.HoldId));
        Assert.Empty(result.Approvers);
        var exposure = await ExposureOf("k5-ok");
        Assert.Equal(200_000m, exposure.ActiveHolds(DateTimeOffset.UtcNow));
        Assert.Equal(1_000_000m, exposure.Mortgage);
        var record = await host.Get<ICreditDecisionStore>().GetAsync("k5-ok", id, CancellationToken.None);
        Assert.Equal((CreditOutcome.Approve, "credit-v1"), (record!.Outcome, record.PolicyVersion));
        Assert.Equal(7, record.Evaluation.Checks.Count);

        // Submitting the same application again starts nothing new.
        Assert.Equal(id, await CreditHarness.StartAsync(host, "app-ok", "k5-ok", 200_000m));
    }

    [Fact]
    public async Task Decision_WithAVerifiedIncome_UsesItRatherThanTheProfilesEstimate()
    {
        await CreditHarness.SeedAsync(host, "k5-verified"); // the profile's estimate: 30,000 a month
        var client = new CreditDecisionClient(host.Get<DurableTaskClient>());

        var onTheEstimate = await CreditHarness.ResultAsync(host, await CreditHarness.StartAsync(host, "app-est", "k5-verified", 200_000m));
        var onTheVerified = await CreditHarness.ResultAsync(
            host, await client.StartAsync("app-ver", "k5-verified", 200_000m, "RevolvingLine", CreditHarness.Policy, CancellationToken.None, verifiedMonthlyIncome: 3_000m));

        Assert.Equal(CreditOutcome.Approve, onTheEstimate.Outcome);
        Assert.Equal(200_000m, onTheEstimate.ApprovedAmount);
        Assert.True(onTheVerified.Outcome != CreditOutcome.Approve || onTheVerified.ApprovedAmount < 200_000m, $"{onTheVerified.Outcome} {onTheVerified.ApprovedAmount}: {string.Join(", ", onTheVerified.ReasonCodes)}");
    }

    [Fact]
    public async Task Decision_EveryCheckFailing_DeclinedWithRankedReasonCodesAndNothingHeld()
    {
        await CreditHarness.SeedAsync(host, "k5-bad", new Dictionary<string, string>
        {
            [TagNames.MaxDaysPastDue24Months] = "45",
            [TagNames.Dti] = "60",
            [TagNames.LtvPct] = "80",
            [TagNames.ProvidentFundStatus] = "Suspended",
            [TagNames.OnTimeStreakMonths] = "3",
        });
        await host.Get<ICreditBlacklist>().AddAsync("k5-bad", "fraud ring", DateTimeOffset.UtcNow, CancellationToken.None);
        await host.Get<IExposureStore>().SetBalanceAsync("k5-bad", ExposureKind.Consumer, 500_000m, DateTimeOffset.UtcNow, CancellationToken.None);
        var log = host.Get<ICreditApplicationLog>();
        await log.RecordAsync("k5-bad", "app-earlier-1", DateTimeOffset.UtcNow.AddDays(-20), CancellationToken.None);
        await log.RecordAsync("k5-bad", "app-earlier-2", DateTimeOffset.UtcNow.AddDays(-3), CancellationToken.None);

        var result = await CreditHarness.ResultAsync(host, await CreditHarness.StartAsync(host, "app-bad", "k5-bad", 100_000m));

        Assert.Equal(CreditOutcome.Decline, result.Outcome);
        Assert.Equal(
            [
                CreditReasons.Blacklist, CreditReasons.Overdue, CreditReasons.Dti, CreditReasons.Ltv, CreditReasons.UnsecuredCap, CreditReasons.Provident, CreditReasons.Velocity,
                CreditReasons.RecentApplications, CreditReasons.ShortRecord, CreditReasons.DtiHigh, CreditReasons.Utilisation, CreditReasons.LtvHigh,
            ],
            result.ReasonCodes);
        Assert.Null(result.HoldId);
        Assert.Equal(0m, (await ExposureOf("k5-bad")).ActiveHolds(DateTimeOffset.UtcNow));
    }

    /// <summary>
    /// Two applicants alike, mortgaged at 80% of the registry's appraisal: the one who allowed the property registry's
    /// data for credit assessment is declined on LTV; for the one who allowed it for marketing only, the decision does not
    /// see the property (no LTV, no city tier), and LTV plays no part in it.
    /// </summary>
    [Fact]
    public async Task Decision_PropertyRegistryNotAllowedForCredit_ItsAppraisalIsNotUsed()
    {
        var highLtv = new Dictionary<string, string> { [TagNames.LtvPct] = "80" };
        IReadOnlyList<ConsentState> registryForMarketingOnly =
        [
            .. IncomeVerificationTestData.Granted(ConsentPurpose.CreditAssessment).Where(c => c.Source != ConsentSource.PropertyRegistry),
            new ConsentState(ConsentPurpose.Marketing, ConsentSource.PropertyRegistry, null, ConsentAction.Granted, DateTimeOffset.UtcNow.AddDays(-30), "esign-m", "ev-m"),
        ];
        await CreditHarness.SeedAsync(host, "k5-ltv-allowed", highLtv);
        await CreditHarness.SeedAsync(host, "k5-ltv-not-allowed", highLtv, consents: registryForMarketingOnly);

        var allowed = await CreditHarness.ResultAsync(host, await CreditHarness.StartAsync(host, "app-ltv-1", "k5-ltv-allowed", 100_000m));
        var notAllowed = await CreditHarness.ResultAsync(host, await CreditHarness.StartAsync(host, "app-ltv-2", "k5-ltv-not-allowed", 100_000m));

        Assert.Equal(CreditOutcome.Decline, allowed.Outcome);
        Assert.Contains(CreditReasons.Ltv, allowed.ReasonCodes);
        Assert.DoesNotContain(CreditReasons.Ltv, notAllowed.ReasonCodes);
        Assert.DoesNotContain(CreditReasons.LtvHigh, notAllowed.ReasonCodes);
    }

    [Fact]
    public async Task Decision_MiddlingScore_Referred()
    {
        await CreditHarness.SeedAsync(host, "k5-refer", new Dictionary<string, string> { [TagNames.Dti] = "46", [TagNames.LtvPct] = "55", [TagNames.OnTimeStreakMonths] = "12" });

        var result = await CreditHarness.ResultAsync(host, await CreditHarness.StartAsync(host, "app-refer", "k5-refer", 100_000m));

        Assert.Equal(CreditOutcome.Refer, result.Outcome);
        Assert.Equal([CreditReasons.ScoreLow, CreditReasons.DtiHigh], result.ReasonCodes);
        Assert.Null(result.HoldId);
    }

    [Fact]
    public async Task Decision_AboveTheAuthorityLimit_TwoDifferentApproversOverHttp_ApprovedAndHeld()
    {
        await CreditHarness.SeedAsync(host, "k5-4eyes");
        var id = await CreditHarness.StartAsync(host, "app-4eyes", "k5-4eyes", 350_000m);
        var waiting = await CreditHarness.StageAsync(host, id, CreditDecisionStatus.AwaitingApproval);
        Assert.Equal(350_000m, waiting.Amount);
        Assert.Equal(350_000m, (await ExposureOf("k5-4eyes")).ActiveHolds(DateTimeOffset.UtcNow)); // held while approvers decide

        Assert.Equal(HttpStatusCode.Accepted, (await CreditHarness.ApproveAsync(host, id, "risk.li")).StatusCode);
        await CreditHarness.StageAsync(host, id, CreditDecisionStatus.AwaitingApproval, approvers: 1);
        Assert.Equal(HttpStatusCode.Accepted, (await CreditHarness.ApproveAsync(host, id, "risk.wang")).StatusCode);

        var result = await CreditHarness.ResultAsync(host, id);
        Assert.Equal((CreditOutcome.Approve, 350_000m), (result.Outcome, result.ApprovedAmount));
        Assert.Equal(["risk.li", "risk.wang"], result.Approvers);
        Assert.Equal(350_000m, (await ExposureOf("k5-4eyes")).ActiveHolds(DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.Conflict, (await CreditHarness.ApproveAsync(host, id, "risk.zhao")).StatusCode);
    }

    [Fact]
    public async Task Approval_OnePersonCannotBeBothApprovers_NameInTheBodyOrForgedPrincipalOrNoTokenIsRefused()
    {
        await CreditHarness.SeedAsync(host, "k5-one");
        var id = await CreditHarness.StartAsync(host, "app-one", "k5-one", 350_000m);
        await CreditHarness.StageAsync(host, id, CreditDecisionStatus.AwaitingApproval);
        Assert.Equal(HttpStatusCode.Accepted, (await CreditHarness.ApproveAsync(host, id, "risk.li")).StatusCode);

        // risk.li, signed in as themself, names risk.wang as the approver: refused, not counted.
        var asOther = await CreditHarness.ApproveAsync(host, id, "risk.li", body: new { approverId = "risk.wang", decision = "approve" });
        Assert.Equal(HttpStatusCode.BadRequest, asOther.StatusCode);

        // No token, a wrong token, and the Easy Auth header from a caller when Easy Auth is off: 401.
        using var anonymous = await host.Http.PostAsJsonAsync($"/api/workflows/{id}/approvals", new { approverId = "risk.wang", decision = "approve" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, $"/api/workflows/{id}/approvals") { Content = JsonContent.Create(new { decision = "approve" }) };
        wrong.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "lw-local-risk-wang-0000000000000");
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.SendAsync(wrong)).StatusCode);
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/api/workflows/{id}/approvals") { Content = JsonContent.Create(new { decision = "approve" }) };
        forged.Headers.Add(OperatorIdentity.PrincipalHeader, "risk.wang");
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Http.SendAsync(forged)).StatusCode);

        await Task.Delay(500);
        var still = await CreditHarness.StageAsync(host, id, CreditDecisionStatus.AwaitingApproval, approvers: 1);
        Assert.Equal(["risk.li"], still.Approvers);
    }

    [Fact]
    public async Task Decision_SameApproverTwice_IgnoredAndStillWaiting_ThenARejectionDeclinesAndReleases()
    {
        await CreditHarness.SeedAsync(host, "k5-twice");
        var id = await CreditHarness.StartAsync(host, "app-twice", "k5-twice", 400_000m);
        await CreditHarness.StageAsync(host, id, CreditDecisionStatus.AwaitingApproval);

        await CreditHarness.ApproveAsync(host, id, "risk.li");
        await CreditHarness.StageAsync(host, id, CreditDecisionStatus.AwaitingApproval, approvers: 1);
        Assert.Equal(HttpStatusCode.Accepted, (await CreditHarness.ApproveAsync(host, id, "risk.li")).StatusCode);
        await Task.Delay(500);
        var still = await CreditHarness.StageAsync(host, id, CreditDecisionStatus.AwaitingApproval, approvers: 1);
        Assert.Equal(["risk.li"], still.Approvers);

        await CreditHarness.ApproveAsync(host, id, "risk.wang", "reject");
        var result = await CreditHarness.ResultAsync(host, id);

        Assert.Equal(CreditOutcome.Decline, result.Outcome);
        Assert.Equal(CreditReasons.ApproverRejected, result.ReasonCodes[0]);
        Assert.Null(result.HoldId);
        Assert.Equal(0m, (await ExposureOf("k5-twice")).ActiveHolds(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Decision_NoApproversInTime_EscalatedThenReferredAndReleased()
    {
        var id = await StartWithApprovalTimeoutAsync("k5-late", "app-late", 400_000m, TimeSpan.FromSeconds(2));

        await CreditHarness.StageAsync(host, id, CreditDecisionStatus.AwaitingApproval);
        await CreditHarness.ApproveAsync(host, id, "risk.li");
        var escalated = await CreditHarness.StageAsync(host, id, CreditDecisionStatus.Escalated, approvers: 1);
        Assert.Equal(["risk.li"], escalated.Approvers);

        var result = await CreditHarness.ResultAsync(host, id);
        Assert.Equal(CreditOutcome.Refer, result.Outcome);
        Assert.Equal(CreditReasons.ApprovalTimeout, result.ReasonCodes[0]);
        Assert.Equal(0m, (await ExposureOf("k5-late")).ActiveHolds(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Decision_Escalated_ASecondDifferentApproverStillApproves()
    {
        var id = await StartWithApprovalTimeoutAsync("k5-esc", "app-esc", 350_000m, TimeSpan.FromSeconds(3));

        await CreditHarness.StageAsync(host, id, CreditDecisionStatus.Escalated);
        Assert.Equal(HttpStatusCode.Accepted, (await CreditHarness.ApproveAsync(host, id, "risk.li")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await CreditHarness.ApproveAsync(host, id, "risk.wang")).StatusCode);

        var result = await CreditHarness.ResultAsync(host, id);
        Assert.Equal((CreditOutcome.Approve, 350_000m), (result.Outcome, result.ApprovedAmount));
        Assert.Equal(["risk.li", "risk.wang"], result.Approvers);
    }

    [Fact]
    public async Task Decisions_TwoRacingOnOneCustomersExposure_NeverHoldMoreThanTheCap()
    {
        await CreditHarness.SeedAsync(host, "k5-race");

        var ids = await Task.WhenAll(
            CreditHarness.StartAsync(host, "app-race-1", "k5-race", 300_000m),
            CreditHarness.StartAsync(host, "app-race-2", "k5-race", 300_000m));
        var results = await Task.WhenAll(ids.Select(id => CreditHarness.ResultAsync(host, id)));

        Assert.All(results, r => Assert.Equal(CreditOutcome.Approve, r.Outcome));
        Assert.Equal([200_000m, 300_000m], results.Select(r => r.ApprovedAmount).Order());
        Assert.Contains(CreditReasons.AmountReduced, results.Single(r => r.ApprovedAmount == 200_000m).ReasonCodes);
        var exposure = await ExposureOf("k5-race");
        Assert.Equal(500_000m, exposure.ActiveHolds(DateTimeOffset.UtcNow));
        Assert.Equal(2, exposure.Holds.Count);
    }

    [Fact]
    public async Task Decision_CoOwners_ShareOneCapAndTheirMortgagesCountOnce()
    {
        await CreditHarness.SeedAsync(host, "k5-hh-a", coOwners: ["k5-hh-b"]);
        await CreditHarness.SeedAsync(host, "k5-hh-b", coOwners: ["k5-hh-a"], mortgageBalance: 0m);
        await host.Get<IExposureStore>().SetBalanceAsync("k5-hh-b", ExposureKind.Business, 250_000m, DateTimeOffset.UtcNow, CancellationToken.None);

        var result = await CreditHarness.ResultAsync(host, await CreditHarness.StartAsync(host, "app-hh", "k5-hh-a", 300_000m));

        Assert.Equal((CreditOutcome.Approve, 250_000m), (result.Outcome, result.ApprovedAmount));
        var household = await host.Get<IExposureStore>().HouseholdAsync("k5-hh-a", ["k5-hh-b"], DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(new ExposureSummary(1_000_000m, 0, 250_000m, 250_000m), household);
    }

    [Fact]
    public async Task ApprovalEndpoint_BadBodyUnknownInstanceAndNotWaiting_400NamingTheField404And409()
    {
        // Someone else's name in the body, and no decision: 400 naming both fields.
        var missing = await CreditHarness.ApproveAsync(host, "cd-x", "risk.li", body: new { approverId = "risk.wang", decision = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var problem = await missing.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("body.approverId", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("body.decision", out _));

        using var notJson = new StringContent("not json", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await host.PostAsOperatorAsync("/api/workflows/cd-x/approvals", notJson, "risk.li")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await CreditHarness.ApproveAsync(host, "cd-unknown", "risk.li")).StatusCode);

        await CreditHarness.SeedAsync(host, "k5-done");
        var id = await CreditHarness.StartAsync(host, "app-done", "k5-done", 100_000m);
        await CreditHarness.ResultAsync(host, id);
        Assert.Equal(HttpStatusCode.Conflict, (await CreditHarness.ApproveAsync(host, id, "risk.li")).StatusCode);
    }
}

/// <summary>The policy is bound from configuration, checked at start-up and captured into each decision's input.</summary>
public sealed class CreditPolicyHostingTests
{
    [Fact]
    public async Task Policy_FromConfiguration_IsCapturedIntoTheDecisionsInput()
    {
        await using var host = await RunningHost.StartAsync(overrides: new Dictionary<string, string?>
        {
            ["Policies:Credit:Version"] = "credit-v2",
            ["Policies:Credit:AuthorityLimit"] = "100000",
        });
        var policy = host.Get<Microsoft.Extensions.Options.IOptions<CreditPolicy>>().Value;
        Assert.Equal(("credit-v2", 100_000m, 55m), (policy.Version, policy.AuthorityLimit, policy.MaxDtiPct));

        await CreditHarness.SeedAsync(host, "k5-v2");
        var id = await CreditHarness.StartAsync(host, "app-v2", "k5-v2", 150_000m, policy);
        await CreditHarness.StageAsync(host, id, CreditDecisionStatus.AwaitingApproval); // 15万 > the configured 10万 authority

        var instance = await host.Get<DurableTaskClient>().GetInstanceAsync(id, getInputsAndOutputs: true);
        var input = JsonSerializer.Deserialize<CreditDecisionInput>(instance!.SerializedInput!, LifeWindowJson.Options)!;
        Assert.Equal(policy, input.Policy);
        Assert.Equal("credit-v2", input.Policy.Version);
    }

    [Fact]
    public async Task Policy_Invalid_StopsTheHostAtStartUpNamingTheSetting()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await RunningHost.StartAsync(overrides: new Dictionary<string, string?> { ["Policies:Credit:MaxDtiPct"] = "0" });
        });
        Assert.Contains("MaxDtiPct", failure.Message, StringComparison.Ordinal);
    }
}

/// <summary>The four-eyes path with Table storage and the DurableTask.AzureStorage backend on Azurite.</summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class CreditDecisionAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Decision_AboveAuthorityOnAzurite_TwoApproversThenHeldInTheTableStore()
    {
        await using var host = await RunningHost.StartAsync(StorageMode.Azurite, azurite.ConnectionString);
        await CreditHarness.SeedAsync(host, "k5-az");
        var id = await CreditHarness.StartAsync(host, "app-az", "k5-az", 350_000m);
        await CreditHarness.StageAsync(host, id, CreditDecisionStatus.AwaitingApproval);

        await CreditHarness.ApproveAsync(host, id, "risk.li");
        await CreditHarness.StageAsync(host, id, CreditDecisionStatus.AwaitingApproval, approvers: 1);
        await CreditHarness.ApproveAsync(host, id, "risk.wang");
        var result = await CreditHarness.ResultAsync(host, id);

        Assert.Equal((CreditOutcome.Approve, 350_000m), (result.Outcome, result.ApprovedAmount));
        Assert.IsType<TableExposureStore>(host.Get<IExposureStore>());
        Assert.Equal(350_000m, (await host.Get<IExposureStore>().GetAsync("k5-az", CancellationToken.None)).ActiveHolds(DateTimeOffset.UtcNow));
        Assert.Equal(CreditOutcome.Approve, (await host.Get<ICreditDecisionStore>().GetAsync("k5-az", id, CancellationToken.None))!.Outcome);
    }
}
