using LifeWindow.Domain.Credit;
using LifeWindow.Integration.Credit;

namespace LifeWindow.Integration.Tests.Exposure;

/// <summary>Application log, decision store and blacklist: the same contract in memory and on Table storage.</summary>
public abstract class CreditStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);

    protected abstract (ICreditApplicationLog Log, ICreditDecisionStore Decisions, ICreditBlacklist Blacklist) NewStores();

    [Fact]
    public async Task ApplicationLog_CountsWithinTheWindowAndEachApplicationOnce()
    {
        var (log, _, _) = NewStores();
        await log.RecordAsync("k-v", "a-old", Now.AddDays(-31), CancellationToken.None);
        await log.RecordAsync("k-v", "a-1", Now.AddDays(-30), CancellationToken.None);
        await log.RecordAsync("k-v", "a-2", Now, CancellationToken.None);
        await log.RecordAsync("k-v", "a-2", Now.AddDays(-1), CancellationToken.None);
        await log.RecordAsync("k-other", "a-3", Now, CancellationToken.None);

        Assert.Equal(2, await log.CountAsync("k-v", Now.AddDays(-30), Now, CancellationToken.None));
    }

    [Fact]
    public async Task DecisionStore_FirstWriteWins_AndReadsBackTheEvaluation()
    {
        var (_, decisions, _) = NewStores();
        var evaluation = CreditEvaluator.Evaluate(new CreditPolicy(), new ApplicantFacts
        {
            CustomerKey = "k-d",
            MonthlyIncome = 30_000m,
            ProvidentFundStatus = "Normal",
            Exposure = ExposureSummary.None,
        }, 100_000m);
        var record = new CreditDecisionRecord
        {
            DecisionId = "cd-a1",
            ApplicationId = "a1",
            CustomerKey = "k-d",
            Product = "RevolvingLine",
            Outcome = evaluation.Outcome,
            RequestedAmount = 100_000m,
            ApprovedAmount = evaluation.ApprovedAmount,
            AnnualRatePct = evaluation.AnnualRatePct,
            ReasonCodes = evaluation.ReasonCodes,
            Evaluation = evaluation,
            PolicyVersion = "credit-v1",
            DecidedAt = Now,
        };

        await decisions.SaveAsync(record, CancellationToken.None);
        await decisions.SaveAsync(record with { Outcome = CreditOutcome.Decline }, CancellationToken.None);

        var read = await decisions.GetAsync("k-d", "cd-a1", CancellationToken.None);
        Assert.Equal(evaluation.Outcome, read!.Outcome);
        Assert.Equal(7, read.Evaluation.Checks.Count);
        Assert.Equal(100_000m, read.ApprovedAmount);
        Assert.Single(await decisions.ListForCustomerAsync("k-d", CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task Blacklist_ListsOnlyWhoWasAdded()
    {
        var (_, _, blacklist) = NewStores();
        await blacklist.AddAsync("k-b", "fraud", Now, CancellationToken.None);
        Assert.True(await blacklist.ContainsAsync("k-b", CancellationToken.None));
        Assert.False(await blacklist.ContainsAsync("k-c", CancellationToken.None));
    }
}

public sealed class InMemoryCreditStoreTests : CreditStoreContract
{
    protected override (ICreditApplicationLog, ICreditDecisionStore, ICreditBlacklist) NewStores() =>
        (new InMemoryCreditApplicationLog(), new InMemoryCreditDecisionStore(), new InMemoryCreditBlacklist());
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class TableCreditStoreTests(AzuriteFixture azurite) : CreditStoreContract
{
    protected override (ICreditApplicationLog, ICreditDecisionStore, ICreditBlacklist) NewStores()
    {
        var tables = new LifeWindowTables(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t"));
        return (new TableCreditApplicationLog(tables), new TableCreditDecisionStore(tables), new TableCreditBlacklist(tables));
    }
}
