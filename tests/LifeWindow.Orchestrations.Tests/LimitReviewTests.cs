using LifeWindow.Domain.Credit;
using LifeWindow.Domain.Feeds.Bank;
using LifeWindow.Integration.Audit;
using LifeWindow.Integration.Credit;
using LifeWindow.Integration.Streams;
using LifeWindow.Orchestrations.LimitReview;

namespace LifeWindow.Orchestrations.Tests;

/// <summary>
/// The risk side on the real engine (DTFx in memory): bank and provident-fund records folded by the real consumer open a
/// limit-review window per signal, whose workflow freezes or cuts the customer's revolving line, notifies the RM through the
/// outbox (the host's CRM sink receives it), waits for the signal to clear and restores the limit — every step in the
/// customer's audit chain. See docs/risk-side.md.
/// </summary>
public sealed class LimitReviewTests : IAsyncLifetime
{
    internal const decimal LineLimit = 200_000m;
    internal const decimal Drawn = 50_000m;
    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync(overrides: OfferOrchestratorTests.NoQuietHours);

    public async Task DisposeAsync() => await host.DisposeAsync();

    public static TheoryData<string, string, LimitAction> Signals() => new()
    {
        { "OverdueRisk", "k-risk-overdue", LimitAction.Freeze },
        { "DebtSurge", "k-risk-debt", LimitAction.Cut },
        { "IncomeDrop", "k-risk-income", LimitAction.Cut },
        { "AbnormalFundFlow", "k-risk-flows", LimitAction.Freeze },
        { "IncomeRisk", "k-risk-pf", LimitAction.Cut },
    };

    [Theory]
    [MemberData(nameof(Signals))]
    public async Task Signal_FromFacts_OpensItsWindowAndTheReviewFreezesOrCutsTheLineAndNotifiesTheRm(string ruleId, string customer, LimitAction action)
    {
        if (ruleId == "IncomeRisk")
        {
            await host.GrantConsentsAsync(customer); // the rules read provident-fund data the customer allowed
        }

        await ConsumeAsync(host, [Line(customer), .. RiskFacts.For(ruleId, customer)]);

        var window = await WindowAsync(host, customer, ruleId);
        Assert.NotNull(window.LimitReview);
        await WorkflowWaits.StageAsync(host, window.WindowId, "Waiting");
        var line = Assert.Single((await host.Get<IRevolvingLineStore>().GetAsync(customer, CancellationToken.None)).Lines);
        Assert.Equal(action == LimitAction.Freeze ? (LineLimit, 0m, true) : (LineLimit / 2, LineLimit / 2 - Drawn, false), (line.Limit, line.Available, line.Frozen));
        Assert.Equal(LineLimit, line.Review!.LimitBefore);

        var lead = await host.Get<ILeadStore>().GetAsync(customer, Lead.IdFor(window.WindowId), CancellationToken.None);
        Assert.Equal(("LimitReview", RuleCategory.Risk), (lead!.Lead.OfferId, lead.Lead.Category));
        Assert.Contains(action == LimitAction.Freeze ? "已冻结" : "下调至100000元", lead.Lead.Script, StringComparison.Ordinal);
        await WaitForCrmAsync(host, Lead.IdFor(window.WindowId));
        var kinds = await AuditKindsAsync(host, customer);
        Assert.Equal(
            [AuditKinds.LimitReviewStarted, action == LimitAction.Freeze ? AuditKinds.LimitFrozen : AuditKinds.LimitCut, AuditKinds.LimitRmNotified],
            kinds.Where(k => k.StartsWith("limit.", StringComparison.Ordinal)));
        Assert.True((await host.Get<IAuditLog>().VerifyAsync(CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task Overdue_PaidWhileUnderReview_WindowClearsAndTheLimitIsRestored()
    {
        const string customer = "k-risk-restore";
        await ConsumeAsync(host, [Line(customer), Loan(customer, "L-1", 90_000m, 45, Today().AddDays(-1))]);
        var window = await WindowAsync(host, customer, "OverdueRisk");
        await WorkflowWaits.StageAsync(host, window.WindowId, "Waiting");

        await ConsumeAsync(host, [Loan(customer, "L-1", 87_000m, 0, Today())]);

        var result = await WorkflowWaits.ResultAsync<LimitReviewResult>(host, window.WindowId);
        Assert.Equal("Restored", result.Outcome);
        Assert.StartsWith("WindowCleared: Cleared: the condition of rule OverdueRisk no longer holds", result.Reason, StringComparison.Ordinal);
        var line = Assert.Single((await host.Get<IRevolvingLineStore>().GetAsync(customer, CancellationToken.None)).Lines);
        Assert.Equal((LineLimit, LineLimit - Drawn, false, (LineReview?)null), (line.Limit, line.Available, line.Frozen, line.Review));
        Assert.Equal(WindowState.Cleared, (await host.Get<IWindowStore>().GetAsync(customer, window.WindowId, CancellationToken.None))!.State);
        var records = await host.Get<IAuditLog>().ReadForCustomerAsync(customer, CancellationToken.None).ToListAsync();
        Assert.Equal(
            [AuditKinds.WindowOpened, AuditKinds.LimitReviewStarted, AuditKinds.LimitFrozen, AuditKinds.LimitRmNotified, AuditKinds.WindowClosed, AuditKinds.LimitRestored],
            records.Select(r => r.Entry.Kind).Where(k => k != AuditKinds.LeadSent));
        Assert.All(records.Skip(1), (r, i) => Assert.Equal(records[i].Hash, r.PreviousHash));
        Assert.True((await host.Get<IAuditLog>().VerifyAsync(CancellationToken.None)).Intact);
    }

    /// <summary>
    /// A debt surge cuts the line; arrears on the new loan then escalate it to a freeze (the limit before the review stays the
    /// first one: no second freeze from the cut limit); the arrears clearing lets go but the surge still holds the line down;
    /// only when the surge clears too is the limit restored, to what it was before the first signal.
    /// </summary>
    [Fact]
    public async Task TwoSignals_SecondJoinsTheReview_LimitRestoredOnlyWhenTheLastClears()
    {
        const string customer = "k-risk-two";
        var today = Today();
        await ConsumeAsync(host, [Line(customer), Mortgage(customer), Loan(customer, "L-1", 100_000m, 0, today.AddMonths(-4)), Loan(customer, "L-2", 300_000m, 0, today.AddDays(-3))]);
        var surge = await WindowAsync(host, customer, "DebtSurge");
        await WorkflowWaits.StageAsync(host, surge.WindowId, "Waiting");

        await ConsumeAsync(host, [Loan(customer, "L-2", 300_000m, 40, today.AddDays(-2))]);
        var overdue = await WindowAsync(host, customer, "OverdueRisk");
        await WorkflowWaits.StageAsync(host, overdue.WindowId, "Waiting");
        var held = Assert.Single((await host.Get<IRevolvingLineStore>().GetAsync(customer, CancellationToken.None)).Lines);
        Assert.Equal((LineLimit / 2, true, LineLimit, LimitAction.Freeze), (held.Limit, held.Frozen, held.Review!.LimitBefore, held.Review.Action));
        Assert.Equal([surge.WindowId, overdue.WindowId], held.Review.Holders);

        await ConsumeAsync(host, [Loan(customer, "L-2", 300_000m, 0, today.AddDays(-1))]);
        Assert.Equal("Released", (await WorkflowWaits.ResultAsync<LimitReviewResult>(host, overdue.WindowId)).Outcome);
        var stillHeld = Assert.Single((await host.Get<IRevolvingLineStore>().GetAsync(customer, CancellationToken.None)).Lines);
        Assert.Equal(0m, stillHeld.Available);
        Assert.Equal([surge.WindowId], stillHeld.Review!.Holders);

        await ConsumeAsync(host, [Loan(customer, "L-2", 0m, 0, today, LoanStatus.PaidOff)]);
        Assert.Equal("Restored", (await WorkflowWaits.ResultAsync<LimitReviewResult>(host, surge.WindowId)).Outcome);
        var restored = Assert.Single((await host.Get<IRevolvingLineStore>().GetAsync(customer, CancellationToken.None)).Lines);
        Assert.Equal((LineLimit, false, (LineReview?)null), (restored.Limit, restored.Frozen, restored.Review));
        var kinds = await AuditKindsAsync(host, customer);
        Assert.Equal(1, kinds.Count(k => k == AuditKinds.LimitCut));
        Assert.Equal(1, kinds.Count(k => k == AuditKinds.LimitFrozen));
        Assert.Equal((1, 1), (kinds.Count(k => k == AuditKinds.LimitReviewReleased), kinds.Count(k => k == AuditKinds.LimitRestored)));
    }

    [Fact]
    public async Task CreditLineEndpoint_LineUnderReview_AnswersTheLimitInForceAndTheReview()
    {
        const string customer = "k-risk-endpoint";
        await ConsumeAsync(host, [Line(customer), Loan(customer, "L-1", 90_000m, 45, Today())]);
        var window = await WindowAsync(host, customer, "OverdueRisk");
        await WorkflowWaits.StageAsync(host, window.WindowId, "Waiting");

        using var answer = await host.Http.GetAsync(new Uri($"/api/customers/{customer}/credit-line", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var line = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("lines")[0];
        Assert.Equal((LineLimit, LineLimit, 0m, true), (line.GetProperty("bankLimit").GetDecimal(), line.GetProperty("limit").GetDecimal(), line.GetProperty("available").GetDecimal(), line.GetProperty("frozen").GetBoolean()));
        Assert.Equal(window.WindowId, line.GetProperty("review").GetProperty("holders")[0].GetString());
        using var unknown = await host.Http.GetAsync(new Uri("/api/customers/k-nobody/credit-line", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Signal_CustomerWithoutARevolvingLine_NotifiesTheRmAndEndsWithNothingToReview()
    {
        const string customer = "k-risk-noline";
        await ConsumeAsync(host, [Loan(customer, "L-1", 90_000m, 45, Today())]);
        var window = await WindowAsync(host, customer, "OverdueRisk");

        var result = await WorkflowWaits.ResultAsync<LimitReviewResult>(host, window.WindowId);

        Assert.Equal("NoRevolvingLine", result.Outcome);
        var lead = await host.Get<ILeadStore>().GetAsync(customer, Lead.IdFor(window.WindowId), CancellationToken.None);
        Assert.Equal("【风险预警】贷款当前逾期45天，冻结备用金可用额度并复核。客户暂无备用金额度，未调整额度，请核实客户情况。", lead!.Lead.Script);
        Assert.Empty((await host.Get<IRevolvingLineStore>().GetAsync(customer, CancellationToken.None)).Lines);
        Assert.Equal([AuditKinds.LimitReviewStarted, AuditKinds.LimitRmNotified], (await AuditKindsAsync(host, customer)).Where(k => k.StartsWith("limit.", StringComparison.Ordinal)));
    }

    internal static async Task ConsumeAsync(RunningHost host, params FeedRecord[] records)
    {
        var signals = await host.Get<FeedMessageProcessor>().ProcessBatchAsync(
            [.. records.Select(r => new FeedMessage("bank", "test", "d-" + r.RecordId, DateTimeOffset.UtcNow, r))],
            CancellationToken.None);
        await new DurableWorkflowGateway(host.Get<DurableTaskClient>()).ApplyAsync(signals, CancellationToken.None);
    }

    internal static async Task<Window> WindowAsync(RunningHost host, string customer, string ruleId) =>
        Assert.Single(await host.Get<IWindowStore>().ListForCustomerAsync(customer, CancellationToken.None).Where(w => w.RuleId == ruleId).ToListAsync());

    internal static async Task<List<string>> AuditKindsAsync(RunningHost host, string customer) =>
        await host.Get<IAuditLog>().ReadForCustomerAsync(customer, CancellationToken.None).Select(r => r.Entry.Kind).ToListAsync();

    private static async Task WaitForCrmAsync(RunningHost host, string leadId)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!host.Get<CrmSink>().Leads.Any(l => l.IdempotencyKey == leadId))
        {
            await Task.Delay(50, wait.Token);
        }
    }

    internal static DateOnly Today() => BusinessClock.Today(TimeProvider.System);

    /// <summary>The customer's 备用金: limit 200,000, 50,000 drawn.</summary>
    internal static LoanAccount Line(string customer) => Loan(customer, "BYJ-1", Drawn, 0, Today(), kind: LoanKind.Revolving, principal: LineLimit);

    internal static LoanAccount Loan(string customer, string account, decimal balance, int daysPastDue, DateOnly asOf, LoanStatus status = LoanStatus.Active, LoanKind kind = LoanKind.Consumer, decimal principal = 500_000m) => new()
    {
        RecordId = $"LA-{customer}-{account}-{asOf:yyyyMMdd}-{daysPastDue}-{status}",
        CustomerKey = customer,
        EvidenceHash = $"ev-la-{customer}-{account}-{asOf:yyyyMMdd}-{daysPastDue}-{status}",
        Person = RiskFacts.Person,
        AccountId = account,
        Kind = kind,
        Principal = principal,
        Balance = balance,
        MonthlyPayment = balance == 0 ? 0m : 3_000m,
        DaysPastDue = daysPastDue,
        Status = status,
        AsOf = asOf,
    };

    internal static MortgageAccount Mortgage(string customer) => new()
    {
        RecordId = $"M-{customer}", CustomerKey = customer, EvidenceHash = $"ev-m-{customer}", Person = RiskFacts.Person,
        AccountId = "M-1", PropertyId = "P-1", Principal = 1_000_000m, Balance = 400_000m, AnnualRate = 0.0385m,
        TermMonths = 240, StartDate = new DateOnly(2020, 1, 15), Status = MortgageStatus.Active,
    };
}

/// <summary>The facts that make each risk rule of the shipped catalog hold now (docs/risk-side.md gives the thresholds).</summary>
internal static class RiskFacts
{
    public static readonly PersonFacts Person = new("31-40", "Female", Residency.Local);

    public static FeedRecord[] For(string ruleId, string customer)
    {
        var today = LimitReviewTests.Today();
        var now = DateTimeOffset.UtcNow;
        return ruleId switch
        {
            "OverdueRisk" => [LimitReviewTests.Loan(customer, "L-1", 90_000m, 45, today)],

            // 3 months ago: mortgage 400,000 + L-1 100,000; now also L-2 300,000 and the line's 50,000 drawn: +70%.
            "DebtSurge" => [LimitReviewTests.Mortgage(customer), LimitReviewTests.Loan(customer, "L-1", 100_000m, 0, today.AddMonths(-4)), LimitReviewTests.Loan(customer, "L-2", 300_000m, 0, today)],

            // Payroll of the last 3 complete months 12,000 a month against 20,000 a year earlier: −40%.
            "IncomeDrop" => [.. Enumerable.Range(1, 3).SelectMany(i => new[] { Payroll(customer, today.AddMonths(-i), 12_000m), Payroll(customer, today.AddMonths(-12 - i), 20_000m) })],

            // 600,000 in yesterday, 580,000 out today: 580,000 passed through.
            "AbnormalFundFlow" => [Transfer(customer, now.AddDays(-1), 600_000m, FlowDirection.In), Transfer(customer, now, 580_000m, FlowDirection.Out)],

            "IncomeRisk" => [Contribution(customer, ContributionStatus.Suspended)],
            _ => throw new ArgumentOutOfRangeException(nameof(ruleId), ruleId, "no facts for this rule"),
        };
    }

    private static PayrollCredit Payroll(string customer, DateOnly month, decimal amount) => new()
    {
        RecordId = $"PAY-{customer}-{month:yyyyMM}", CustomerKey = customer, EvidenceHash = $"ev-pay-{customer}-{month:yyyyMM}", Person = Person,
        EmployerUscc = "91310000MA1FL0000X", CreditedAt = new DateTimeOffset(month.Year, month.Month, 10, 10, 0, 0, TimeSpan.FromHours(8)), Amount = amount,
    };

    private static LargeTransfer Transfer(string customer, DateTimeOffset at, decimal amount, FlowDirection direction) => new()
    {
        RecordId = $"LT-{customer}-{direction}", CustomerKey = customer, EvidenceHash = $"ev-lt-{customer}-{direction}", Person = Person,
        Direction = direction, Amount = amount, CounterpartyType = CounterpartyType.CrossBank, At = at,
    };

    private static ProvidentFundContribution Contribution(string customer, ContributionStatus status) => new()
    {
        RecordId = $"GJJ-{customer}-{status}", CustomerKey = customer, EvidenceHash = $"ev-gjj-{customer}-{status}", Person = Person,
        Period = YearMonth.From(LimitReviewTests.Today()),
        Employer = new Employer("上海某科技有限公司", "91310000MA1FL0000X", EmployerSector.Private),
        ContributionBase = 18_000m, EmployeeRate = 0.07m, EmployerRate = 0.07m, Status = status, Balance = 50_000m,
    };
}
