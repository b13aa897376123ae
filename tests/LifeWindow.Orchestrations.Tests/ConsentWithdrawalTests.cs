using LifeWindow.Integration.Audit;
using LifeWindow.Integration.Streams;

namespace LifeWindow.Orchestrations.Tests;

/// <summary>
/// A consent withdrawal folded by the real consumer while the customer's credit offer waits at the CRM, on the real
/// engine: the workflow ends Withdrawn, the lead is withdrawn toward the CRM, the held limit is freed, the window is
/// suppressed, and a source no purpose still allows is forgotten (its facts leave the fact log; the profile's tags
/// are recomputed without them). A withdrawal that leaves another purpose granted for the source forgets nothing.
/// </summary>
public sealed class ConsentWithdrawalTests : IAsyncLifetime
{
    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync(overrides: OfferOrchestratorTests.NoQuietHours);

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task WithdrawAllPurposesOfASource_WhileACreditOfferWaitsAtTheCrm_EndsItAndForgetsTheSource()
    {
        const string customer = "k1-withdraw-all";
        var window = await CreditOfferWaitingAtTheCrmAsync(customer);
        Assert.NotNull((await host.Get<IProfileStore>().GetAsync(customer, CancellationToken.None))!.Profile.Tag(TagNames.MonthlyIncome));

        await ConsumeAsync(Consent(customer, ConsentPurpose.Marketing, ConsentAction.Withdrawn), Consent(customer, ConsentPurpose.CreditAssessment, ConsentAction.Withdrawn));

        var result = await WorkflowWaits.ResultAsync<OfferResult>(host, window.WindowId);
        Assert.Equal(LeadOutcome.Withdrawn, result.Outcome);
        Assert.Equal(0m, (await host.Get<IExposureStore>().GetAsync(customer, CancellationToken.None)).ActiveHolds(DateTimeOffset.UtcNow));
        Assert.Equal(WindowState.Suppressed, (await host.Get<IWindowStore>().GetAsync(customer, window.WindowId, CancellationToken.None))!.State);
        await WaitForWithdrawalAtTheCrmAsync(Lead.IdFor(window.WindowId));

        var logged = await host.Get<IFactLog>().ReadAsync(customer, CancellationToken.None).ToListAsync();
        Assert.DoesNotContain(logged, f => f.Record is ProvidentFundContribution);
        Assert.Contains(logged, f => f.Record is ConsentRecord { Action: ConsentAction.Withdrawn }); // the ledger keeps the withdrawal itself
        Assert.Null((await host.Get<IProfileStore>().GetAsync(customer, CancellationToken.None))!.Profile.Tag(TagNames.MonthlyIncome));
        var closed = (await host.Get<IAuditLog>().ReadForCustomerAsync(customer, CancellationToken.None).ToListAsync()).Single(r => r.Entry.Kind == AuditKinds.WindowClosed);
        Assert.Equal("ConsentWithdrawn: Marketing/ProvidentFund, CreditAssessment/ProvidentFund", closed.Entry.Detail);
    }

    [Fact]
    public async Task WithdrawMarketingOnly_CreditAssessmentStillGranted_EndsTheOfferButKeepsTheSourcesFacts()
    {
        const string customer = "k1-withdraw-marketing";
        var window = await CreditOfferWaitingAtTheCrmAsync(customer);

        await ConsumeAsync(Consent(customer, ConsentPurpose.Marketing, ConsentAction.Withdrawn));

        Assert.Equal(LeadOutcome.Withdrawn, (await WorkflowWaits.ResultAsync<OfferResult>(host, window.WindowId)).Outcome);
        Assert.Contains(await host.Get<IFactLog>().ReadAsync(customer, CancellationToken.None).ToListAsync(), f => f.Record is ProvidentFundContribution);
    }

    /// <summary>
    /// A customer with income (provident fund and payroll), consents for both purposes from the provident fund, and
    /// provident-fund records in the fact log (through the consumer); their credit offer approved and its lead at the CRM.
    /// </summary>
    private async Task<Window> CreditOfferWaitingAtTheCrmAsync(string customer)
    {
        await CreditOffers.SeedIncomeAsync(host, customer);
        await host.GrantConsentsAsync(customer);
        await ConsumeAsync(Contribution(customer, 30), Contribution(customer, 31));
        Assert.Equal(2, (await host.Get<IFactLog>().ReadAsync(customer, CancellationToken.None).ToListAsync()).Count(f => f.Record is ProvidentFundContribution));
        var window = OfferOrchestratorTests.NewWindow(customer, DateTimeOffset.UtcNow, TimeSpan.FromDays(30));
        Assert.True(await host.Get<IWindowStore>().TryAddAsync(window, CancellationToken.None));
        await new DurableWorkflowGateway(host.Get<DurableTaskClient>()).StartOfferAsync(window, CancellationToken.None);
        await WorkflowWaits.StageAsync(host, window.WindowId, "AwaitingOutcome");
        Assert.Equal(100_000m, (await host.Get<IExposureStore>().GetAsync(customer, CancellationToken.None)).ActiveHolds(DateTimeOffset.UtcNow));
        return window;
    }

    /// <summary>What the stream consumer's trigger does with these records: fold them, then carry out the workflow signals.</summary>
    private async Task ConsumeAsync(params FeedRecord[] records)
    {
        var signals = await host.Get<FeedMessageProcessor>().ProcessBatchAsync(
            [.. records.Select(r => new FeedMessage(r is ConsentRecord ? "consent" : "provident-fund", "test", "d-" + r.RecordId, DateTimeOffset.UtcNow, r))],
            CancellationToken.None);
        await new DurableWorkflowGateway(host.Get<DurableTaskClient>()).ApplyAsync(signals, CancellationToken.None);
    }

    private async Task WaitForWithdrawalAtTheCrmAsync(string leadId)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!host.Get<CrmSink>().Withdrawals.Any(w => w.LeadId == leadId))
        {
            await Task.Delay(100, wait.Token);
        }
    }

    private static ConsentRecord Consent(string customer, ConsentPurpose purpose, ConsentAction action) => new()
    {
        RecordId = $"CS-{customer}-{purpose}-{action}",
        CustomerKey = customer,
        EvidenceHash = $"ev-{customer}-{purpose}-{action}",
        Purpose = purpose,
        Source = ConsentSource.ProvidentFund,
        Action = action,
        EvidenceId = "esign-w",
        At = DateTimeOffset.UtcNow,
    };

    /// <summary>An old month's contribution (outside income verification's lookback, so the offer's income stays the seeded one).</summary>
    private static ProvidentFundContribution Contribution(string customer, int monthsAgo)
    {
        var period = YearMonth.From(BusinessClock.Today(TimeProvider.System)).AddMonths(-monthsAgo);
        return new ProvidentFundContribution
        {
            RecordId = $"GJJ-{customer}-{monthsAgo}",
            CustomerKey = customer,
            EvidenceHash = $"ev-gjj-{customer}-{monthsAgo}",
            Period = period,
            Employer = new Employer("上海某科技有限公司", "91310000MA1FL0000X", EmployerSector.Private),
            ContributionBase = 18_000m,
            EmployeeRate = 0.07m,
            EmployerRate = 0.07m,
            Status = ContributionStatus.Normal,
            Balance = 50_000m,
        };
    }
}
