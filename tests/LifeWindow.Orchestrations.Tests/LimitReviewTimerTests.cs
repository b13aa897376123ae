using LifeWindow.Integration.Audit;
using LifeWindow.Integration.Credit;
using LifeWindow.Orchestrations.LimitReview;
using static LifeWindow.Orchestrations.Tests.LimitReviewTests;

namespace LifeWindow.Orchestrations.Tests;

/// <summary>
/// The limit review's fallback, on the real engine with review dates 2 seconds apart: a signal that clears without the
/// consumer hearing it (no record evaluated) is found cleared at the next review and the limit restored; one that keeps
/// holding lapses after the last review with the line still held for the RM. Each review is audited once.
/// </summary>
public sealed class LimitReviewTimerTests : IAsyncLifetime
{
    private RunningHost host = null!;

    public async Task InitializeAsync() => host = await RunningHost.StartAsync(overrides: new Dictionary<string, string?>(OfferOrchestratorTests.NoQuietHours)
    {
        ["Policies:LimitReview:ReviewAfter"] = "00:00:02",
        ["Policies:LimitReview:MaxReviews"] = "2",
    });

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task ReviewDate_SignalClearedUnheard_FoundAtTheReviewAndRestored()
    {
        const string customer = "k-risk-timer";
        await ConsumeAsync(host, [Line(customer), Loan(customer, "L-1", 90_000m, 45, Today().AddDays(-1))]);
        var window = await WindowAsync(host, customer, "OverdueRisk");
        await WorkflowWaits.StageAsync(host, window.WindowId, "Waiting");

        await FoldWithoutTheConsumerAsync(customer, Loan(customer, "L-1", 87_000m, 0, Today()));

        var result = await WorkflowWaits.ResultAsync<LimitReviewResult>(host, window.WindowId);
        Assert.Equal("Restored", result.Outcome);
        Assert.StartsWith("ReviewFoundCleared: review 1", result.Reason, StringComparison.Ordinal);
        Assert.Equal(LineLimit - Drawn, Assert.Single((await host.Get<IRevolvingLineStore>().GetAsync(customer, CancellationToken.None)).Lines).Available);
        var checks = await host.Get<IAuditLog>().ReadForCustomerAsync(customer, CancellationToken.None).Where(r => r.Entry.Kind == AuditKinds.LimitReviewChecked).ToListAsync();
        Assert.Equal(["Cleared"], checks.Select(c => c.Entry.ReasonCodes[0]));
    }

    [Fact]
    public async Task ReviewDates_SignalKeepsHolding_LapsesWithTheLineStillFrozen()
    {
        const string customer = "k-risk-lapse";
        await ConsumeAsync(host, [Line(customer), Loan(customer, "L-1", 90_000m, 45, Today())]);
        var window = await WindowAsync(host, customer, "OverdueRisk");

        var result = await WorkflowWaits.ResultAsync<LimitReviewResult>(host, window.WindowId);

        Assert.Equal("Lapsed", result.Outcome);
        var line = Assert.Single((await host.Get<IRevolvingLineStore>().GetAsync(customer, CancellationToken.None)).Lines);
        Assert.Equal((0m, true), (line.Available, line.Frozen));
        Assert.Equal([window.WindowId], line.Review!.Holders);
        var checks = await host.Get<IAuditLog>().ReadForCustomerAsync(customer, CancellationToken.None).Where(r => r.Entry.Kind == AuditKinds.LimitReviewChecked).ToListAsync();
        Assert.Equal(["StillHolds", "StillHolds"], checks.Select(c => c.Entry.ReasonCodes[0]));
    }

    /// <summary>The record reaches the profile but no evaluation runs (as when nothing else arrives for the customer): no Cleared is raised.</summary>
    private async Task FoldWithoutTheConsumerAsync(string customer, FeedRecord record)
    {
        var store = host.Get<IProfileStore>();
        var stored = await store.GetAsync(customer, CancellationToken.None);
        var profile = ProfileFolder.Fold(stored!.Profile, record, DateTimeOffset.UtcNow, host.Get<RuleCatalog>().Tags).Profile;
        await store.SaveAsync(profile, stored, CancellationToken.None);
    }
}
