using LifeWindow.Integration.Streams;
using LifeWindow.Integration.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LifeWindow.Integration.Tests;

/// <summary>The feed stream's backlog and consumer lag, as health, the ops summary and the lag gauge read them.</summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class FeedStreamMonitorTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StorageQueue_MessagesWaiting_CountsThemAndAgesTheOldestByItsInsertionTime()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (queue, poison) = (EventHubsFeedStreamTests.NewQueue(azurite, "lag"), EventHubsFeedStreamTests.NewQueue(azurite, "lagp"));
        var monitor = new StorageQueueFeedStreamMonitor("StorageQueue", queue, poison, clock);
        Assert.Equal(new FeedStreamState("StorageQueue", 0, 0, 0), await monitor.ReadAsync(CancellationToken.None)); // neither queue exists yet

        await queue.CreateAsync();
        await poison.CreateAsync();
        await queue.SendMessageAsync("first");
        await queue.SendMessageAsync("second");
        await poison.SendMessageAsync("set aside");
        clock.Advance(TimeSpan.FromMinutes(10));
        var state = await monitor.ReadAsync(CancellationToken.None);
        Assert.Equal((2L, 1L), (state.Pending, state.SetAside));
        Assert.InRange(state.OldestAgeSeconds!.Value, 590, 700); // inserted now by Azurite's clock, read ten minutes later by ours

        // Taken by a consumer (hidden), the first is no longer waiting: the age is the next one's, the count still holds both.
        await queue.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5));
        Assert.Equal(2L, (await monitor.ReadAsync(CancellationToken.None)).Pending);
    }

    [Fact]
    public async Task InMemory_OldestWaiting_IsTheHeadOfTheLongestWaitingPartition()
    {
        var stream = new InMemoryFeedStream(Options.Create(new FeedStreamOptions { Partitions = 4 }), NullLogger<InMemoryFeedStream>.Instance);
        var clock = new FakeTimeProvider(EventHubsFeedStreamTests.Now.AddMinutes(3));
        var monitor = new InMemoryFeedStreamMonitor(stream, clock);
        Assert.Equal(new FeedStreamState("InMemory", 0, 0, 0), await monitor.ReadAsync(CancellationToken.None));

        await stream.PublishAsync(EventHubsFeedStreamTests.Pf("k1-a", new YearMonth(2026, 9)) with { ReceivedAt = EventHubsFeedStreamTests.Now.AddMinutes(1) }, CancellationToken.None);
        await stream.PublishAsync(EventHubsFeedStreamTests.Pf("k1-b", new YearMonth(2026, 9)) with { ReceivedAt = EventHubsFeedStreamTests.Now }, CancellationToken.None);
        Assert.Equal(new FeedStreamState("InMemory", 2, 180, 0), await monitor.ReadAsync(CancellationToken.None));
    }
}
