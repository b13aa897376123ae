using Microsoft.Extensions.Logging.Abstractions;

namespace LifeWindow.Integration.Tests;

public class InMemoryFeedStreamTests
{
    private static FeedMessage Message(string customer, int n) => new("provident-fund", "p", $"d{n}", DateTimeOffset.UnixEpoch, new ProvidentFundContribution
    {
        RecordId = $"{customer}-{n}",
        CustomerKey = customer,
        EvidenceHash = $"e{n}",
        Person = new PersonFacts("31-40", "Male", Residency.Local),
        Period = new YearMonth(2026, 1),
        Employer = new Employer("x", TestData.Uscc, EmployerSector.Private),
        ContributionBase = n,
        EmployeeRate = 0.07m,
        EmployerRate = 0.07m,
        Status = ContributionStatus.Normal,
        Balance = 0,
    });

    private static InMemoryFeedStream Stream(int maxAttempts = 5) =>
        new(Options.Create(new FeedStreamOptions { Partitions = 4, MaxAttempts = maxAttempts }), NullLogger<InMemoryFeedStream>.Instance);

    [Fact]
    public async Task Consumers_OneCustomersRecords_AreHandledInPublishOrder()
    {
        var stream = Stream();
        var seen = new ConcurrentDictionary<string, ConcurrentQueue<int>>();
        using var stop = new CancellationTokenSource();
        var consumers = stream.RunConsumersAsync(
            async (m, _) =>
            {
                await Task.Yield();
                seen.GetOrAdd(m.Record.CustomerKey, _ => new()).Enqueue((int)((ProvidentFundContribution)m.Record).ContributionBase);
            },
            stop.Token);

        for (var n = 0; n < 200; n++)
        {
            await stream.PublishAsync(Message($"c{n % 7}", n), CancellationToken.None);
        }

        await stream.WaitForIdleAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await consumers;

        Assert.Equal(7, seen.Count);
        Assert.All(seen.Values, q => Assert.Equal(q.Order(), q));
        Assert.Equal(200, seen.Values.Sum(q => q.Count));
    }

    [Fact]
    public async Task BatchConsumers_ACustomersRecordsPublishedTogether_AreNeverSplitAcrossBatches()
    {
        var stream = Stream();
        var batches = new ConcurrentQueue<IReadOnlyList<FeedMessage>>();
        using var stop = new CancellationTokenSource();
        var consumers = stream.RunConsumersAsync(
            async (batch, _) =>
            {
                await Task.Delay(1);
                batches.Enqueue([.. batch]);
            },
            maxBatch: 50,
            stop.Token);

        // Histories of 120 records each (more than a batch), published a customer at a time while the consumers run.
        for (var c = 0; c < 40; c++)
        {
            await stream.PublishBatchAsync([.. Enumerable.Range(0, 120).Select(n => Message($"c{c}", n))], CancellationToken.None);
        }

        await stream.WaitForIdleAsync(TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        await consumers;

        Assert.Equal(40 * 120, batches.Sum(b => b.Count));
        var holding = batches.SelectMany(b => b.Select(m => m.Record.CustomerKey).Distinct().Select(customer => (customer, b))).GroupBy(x => x.customer);
        Assert.All(holding, customer => Assert.Equal(120, Assert.Single(customer).b.Count(m => m.Record.CustomerKey == customer.Key)));
    }

    [Fact]
    public async Task Consumers_HandlerKeepsFailing_MessageIsSetAsideNotLost()
    {
        var stream = Stream(maxAttempts: 3);
        var attempts = 0;
        using var stop = new CancellationTokenSource();
        var consumers = stream.RunConsumersAsync(
            (m, _) =>
            {
                Interlocked.Increment(ref attempts);
                throw new InvalidOperationException("store down");
            },
            stop.Token);

        await stream.PublishAsync(Message("c1", 1), CancellationToken.None);
        await stream.WaitForIdleAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await consumers;

        Assert.Equal(3, attempts);
        var (message, error) = Assert.Single(stream.Failed);
        Assert.Equal("c1-1", message.Record.RecordId);
        Assert.Equal("store down", error.Message);
    }

    [Fact]
    public async Task BatchConsumers_TakeWhatArrivedTogether_AndABadRecordIsSetAsideAlone()
    {
        var stream = Stream(maxAttempts: 2);
        for (var n = 0; n < 100; n++)
        {
            await stream.PublishAsync(Message($"c{n % 5}", n), CancellationToken.None);
        }

        var batches = new ConcurrentBag<int>();
        var handled = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var consumers = stream.RunConsumersAsync(
            (batch, _) =>
            {
                batches.Add(batch.Count);
                if (batch.Any(m => m.Record.RecordId == "c3-13"))
                {
                    throw new InvalidOperationException("a record the fold cannot take");
                }

                foreach (var m in batch)
                {
                    handled.AddOrUpdate(m.Record.RecordId, 1, (_, n) => n + 1);
                }

                return Task.CompletedTask;
            },
            maxBatch: 500,
            stop.Token);

        await stream.WaitForIdleAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await consumers;

        // Published before the consumers ran, each partition's messages came as one batch; the one holding c3-13 failed,
        // so its messages went again one by one: 99 handled once, the bad one set aside after its two attempts.
        Assert.Contains(batches, b => b > 1);
        Assert.Equal(99, handled.Count);
        Assert.All(handled.Values, n => Assert.Equal(1, n));
        Assert.Equal("c3-13", Assert.Single(stream.Failed).Message.Record.RecordId);
        Assert.Equal(0, stream.Pending);
    }

    [Fact]
    public void PartitionOf_IsStablePerCustomer() =>
        Assert.Equal(InMemoryFeedStream.PartitionOf("k1-abc", 8), InMemoryFeedStream.PartitionOf("k1-abc", 8));
}
