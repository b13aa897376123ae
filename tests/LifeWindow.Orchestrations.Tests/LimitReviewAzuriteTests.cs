using LifeWindow.Integration.Credit;
using LifeWindow.Orchestrations.LimitReview;
using static LifeWindow.Orchestrations.Tests.LimitReviewTests;

namespace LifeWindow.Orchestrations.Tests;

/// <summary>
/// The limit review on DurableTask.AzureStorage and Table storage (the revolving-line store in the Exposure table) against
/// Azurite, across a host restart while the review waits: the new host's consumer hears the loan paid, the window clears,
/// and the workflow the first host started restores the limit.
/// </summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public sealed class LimitReviewAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Review_HostRestartsWhileWaiting_ResumesAndRestoresWhenTheSignalClears()
    {
        const string customer = "k-risk-restart";
        var prefix = AzuriteFixture.UniqueName("t");
        var settings = new Dictionary<string, string?>(OfferOrchestratorTests.NoQuietHours) { ["Storage:TablePrefix"] = prefix, ["Durable:TaskHubName"] = prefix + "hub" };
        string windowId;
        await using (var before = await RunningHost.StartAsync(StorageMode.Azurite, azurite.ConnectionString, settings))
        {
            await ConsumeAsync(before, [Line(customer), Loan(customer, "L-1", 90_000m, 45, Today().AddDays(-1))]);
            windowId = (await WindowAsync(before, customer, "OverdueRisk")).WindowId;
            await WorkflowWaits.StageAsync(before, windowId, "Waiting");
            Assert.True(Assert.Single((await before.Get<IRevolvingLineStore>().GetAsync(customer, CancellationToken.None)).Lines).Frozen);
        }

        await using var after = await RunningHost.StartAsync(StorageMode.Azurite, azurite.ConnectionString, settings);
        await ConsumeAsync(after, [Loan(customer, "L-1", 87_000m, 0, Today())]);

        Assert.Equal("Restored", (await WorkflowWaits.ResultAsync<LimitReviewResult>(after, windowId)).Outcome);
        var line = Assert.Single((await after.Get<IRevolvingLineStore>().GetAsync(customer, CancellationToken.None)).Lines);
        Assert.Equal((LineLimit, LineLimit - Drawn, false), (line.Limit, line.Available, line.Frozen));
    }
}
