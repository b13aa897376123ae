using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Queues;

namespace LifeWindow.Integration.Tests;

public class TableShardsTests
{
    [Fact]
    public void Of_IsStableAndOneOfTheShards()
    {
        var shards = Enumerable.Range(0, 2_000).Select(i => TableShards.Of($"k1-{i:x8}")).ToList();

        Assert.Equal(TableShards.Of("k1-00000007"), shards[7]);
        Assert.All(shards, s => Assert.Matches("^s(0[0-9]|1[0-5])$", s));
        Assert.Equal(TableShards.Count, shards.Distinct().Count());
        Assert.All(shards.GroupBy(s => s), g => Assert.InRange(g.Count(), 80, 170)); // spread, not piled on one partition
    }

    [Fact]
    public void Filters_GroupCustomersByShardWithinTheFilterLimit()
    {
        var keys = SameShard(9).Append("k1-elsewhere").ToList();

        var filters = TableShards.Filters([.. keys, keys[0]]).ToList();

        Assert.Equal(TableShards.Of(keys[0]) == TableShards.Of("k1-elsewhere") ? 2 : 3, filters.Count);
        Assert.All(filters, f => Assert.InRange(f.Split(" ge ").Length - 1 + f.Split(" lt ").Length - 1 + 1, 3, 15));
        Assert.Contains(filters, f => f.Contains("RowKey ge 'k1-elsewhere|'", StringComparison.Ordinal) && f.Contains("RowKey lt 'k1-elsewhere}'", StringComparison.Ordinal));
    }

    [Fact]
    public void AKeyWithTheSeparator_IsRefused() =>
        Assert.Throws<ArgumentException>(() => TableShards.Of("k1-a|b"));

    /// <summary>Customer keys that share one shard partition.</summary>
    internal static IEnumerable<string> SameShard(int count, string prefix = "k1-s") =>
        Enumerable.Range(0, 10_000).Select(i => $"{prefix}{i}").Where(k => TableShards.Of(k) == TableShards.Of(prefix + "0")).Take(count);
}

[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class ShardedTablesTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly TagSettings Settings = RuleCatalogLoader.LoadDefault().Tags;

    private (LifeWindowTables Tables, CountingPolicy Requests) Tables()
    {
        var requests = new CountingPolicy();
        var options = new TableClientOptions();
        options.AddPolicy(requests, HttpPipelinePosition.PerCall);
        return (new LifeWindowTables(new TableServiceClient(azurite.ConnectionString, options), AzuriteFixture.UniqueName("t")), requests);
    }

    private static CustomerProfile Folded(string customer, int month) =>
        ProfileFolder.Fold(CustomerProfile.Empty(customer), PepperRotationTests.Month(customer, new YearMonth(2026, month), 10_000m + month) with { EvidenceHash = $"ev-{customer}-{month}" }, Now, Settings).Profile;

    [Fact]
    public async Task ProfileStore_ManyCustomersOfOneShard_AreReadAndSavedInFewRequests()
    {
        var (tables, requests) = Tables();
        var store = new TableProfileStore(tables);
        var keys = TableShardsTests.SameShard(21).ToList();
        var absent = keys[20];
        keys.RemoveAt(20);
        await store.GetAsync("k1-warm", CancellationToken.None); // creates the table

        var before = requests.Count;
        Assert.Empty(await store.SaveManyAsync([.. keys.Select(k => (Folded(k, 9), (StoredProfile?)null))], CancellationToken.None));
        Assert.Equal(1, requests.Count - before); // 20 heads and 20 fact rows: one entity-group transaction

        before = requests.Count;
        var read = await store.GetManyAsync([.. keys, absent], CancellationToken.None);
        Assert.Equal(3, requests.Count - before); // 21 customers of one shard, seven to a query
        Assert.Equal(keys.Order(StringComparer.Ordinal), read.Keys.Order(StringComparer.Ordinal));
        Assert.All(keys, k => Assert.Equal($"ev-{k}-9", Assert.Single(read[k].Profile.Facts).Record.EvidenceHash));
    }

    [Fact]
    public async Task ProfileStore_OneCustomerChangedUnderneath_IsReportedAndTheOthersAreSaved()
    {
        var (tables, _) = Tables();
        var store = new TableProfileStore(tables);
        var keys = TableShardsTests.SameShard(5, "k1-c").ToList();
        await store.SaveManyAsync([.. keys.Select(k => (Folded(k, 9), (StoredProfile?)null))], CancellationToken.None);
        var read = await store.GetManyAsync(keys, CancellationToken.None);

        // Another consumer folds the third customer first.
        var third = read[keys[2]];
        await store.SaveAsync(third.Profile with { UpdatedAt = Now.AddMinutes(5) }, third, CancellationToken.None);

        var saves = keys.Select(k => (ProfileFolder.Fold(read[k].Profile, PepperRotationTests.Month(k, new YearMonth(2026, 10), 12_000m) with { EvidenceHash = $"ev-{k}-10" }, Now, Settings).Profile, (StoredProfile?)read[k])).ToList();
        var conflicts = await store.SaveManyAsync(saves, CancellationToken.None);

        Assert.Equal([keys[2]], conflicts);
        var after = await store.GetManyAsync(keys, CancellationToken.None);
        Assert.All(keys.Where(k => k != keys[2]), k => Assert.Equal(2, after[k].Profile.Facts.Count));
        Assert.Single(after[keys[2]].Profile.Facts); // nothing of the conflicted save was kept
        Assert.Equal(Now.AddMinutes(5), after[keys[2]].Profile.UpdatedAt);
    }

    [Fact]
    public async Task WindowStore_ListForCustomers_GivesEachCustomerTheirOwnWindows()
    {
        var (tables, _) = Tables();
        var store = new TableWindowStore(tables);
        var keys = TableShardsTests.SameShard(9, "k1-w").ToList();
        foreach (var key in keys.Take(8))
        {
            await store.TryAddAsync(Window(key, "IncomeUpgrade"), CancellationToken.None);
        }

        await store.TryAddAsync(Window(keys[0], "HomePurchase"), CancellationToken.None);

        var found = await store.ListForCustomersAsync(keys, CancellationToken.None);

        Assert.Equal(keys.Order(StringComparer.Ordinal), found.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["HomePurchase", "IncomeUpgrade"], found[keys[0]].Select(w => w.RuleId).Order(StringComparer.Ordinal));
        Assert.All(keys.Skip(1).Take(7), k => Assert.Equal(k, Assert.Single(found[k]).CustomerKey));
        Assert.Empty(found[keys[8]]);
        Assert.Equal(WindowState.Open, (await store.GetAsync(keys[3], Window(keys[3], "IncomeUpgrade").WindowId, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task FactLog_ManyCustomersWithSomeLoggedBefore_LogsEachOnceInTheirOwnRows()
    {
        var (tables, _) = Tables();
        var log = new TableFactLog(tables);
        var keys = TableShardsTests.SameShard(3, "k1-f").Append("k1-other").ToList();
        var records = keys.SelectMany(k => new[] { 9, 10 }.Select(m => PepperRotationTests.Month(k, new YearMonth(2026, m), 9_000m) with { EvidenceHash = $"same-{m}" })).ToList();
        await log.AppendAsync(records[1], Now.AddDays(-1), CancellationToken.None);

        await log.AppendManyAsync([.. records.Select(r => ((FeedRecord)r, Now))], CancellationToken.None);

        foreach (var key in keys)
        {
            var facts = await log.ReadAsync(key, CancellationToken.None).ToListAsync();
            Assert.Equal(["same-10", "same-9"], facts.Select(f => f.Record.EvidenceHash).Order(StringComparer.Ordinal));
            Assert.All(facts, f => Assert.Equal(key, f.Record.CustomerKey));
        }

        Assert.Equal(Now.AddDays(-1), (await log.ReadAsync(keys[0], CancellationToken.None).ToListAsync()).Single(f => f.Record.EvidenceHash == "same-10").RecordedAt);
    }

    [Fact]
    public async Task StorageQueueStream_ConcurrentPublishes_ShareMessagesAndEveryRecordIsInTheQueue()
    {
        var queue = new QueueClient(azurite.ConnectionString, AzuriteFixture.UniqueName("q"), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var stream = new StorageQueueFeedStream(queue, maxSendsInFlight: 2);
        var records = Enumerable.Range(0, 200).Select(i => new FeedMessage("provident-fund", "gjj", $"msg_{i}", Now, PepperRotationTests.Month($"k1-g{i % 50}", new YearMonth(2026, 1 + (i % 12)), 9_000m + i) with { EvidenceHash = $"e{i}" })).ToList();

        await Task.WhenAll(records.Chunk(10).Select(async part =>
        {
            foreach (var record in part)
            {
                await stream.PublishAsync(record, CancellationToken.None);
            }
        }));

        var texts = new List<string>();
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } received)
        {
            texts.AddRange(received.Select(m => m.Body.ToString()));
            await Task.WhenAll(received.Select(m => queue.DeleteMessageAsync(m.MessageId, m.PopReceipt)));
        }

        Assert.InRange(texts.Count, 2, 199); // twenty callers, two sends at a time: records shared messages
        Assert.Equal(records.Select(r => r.DeliveryId).Order(StringComparer.Ordinal), texts.SelectMany(FeedMessageJson.DeserializeAny).Select(m => m.DeliveryId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task StorageQueueStream_FailedSend_FailsEveryCallerWhoseRecordsItHeld()
    {
        var failing = new FailSendsPolicy();
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        options.AddPolicy(failing, HttpPipelinePosition.PerCall);
        var queue = new QueueClient(azurite.ConnectionString, AzuriteFixture.UniqueName("q"), options);
        var stream = new StorageQueueFeedStream(queue, maxSendsInFlight: 1);
        await stream.PublishAsync(new FeedMessage("provident-fund", "gjj", "first", Now, PepperRotationTests.Month("k1-x", new YearMonth(2026, 1), 1m)), CancellationToken.None);

        failing.Failing = true;
        var publishes = Enumerable.Range(0, 8).Select(i => stream.PublishAsync(new FeedMessage("provident-fund", "gjj", $"m{i}", Now, PepperRotationTests.Month($"k1-x{i}", new YearMonth(2026, 1), 1m)), CancellationToken.None)).ToList();

        foreach (var publish in publishes)
        {
            await Assert.ThrowsAsync<RequestFailedException>(() => publish);
        }

        failing.Failing = false;
        await stream.PublishAsync(new FeedMessage("provident-fund", "gjj", "after", Now, PepperRotationTests.Month("k1-y", new YearMonth(2026, 1), 1m)), CancellationToken.None);
        var left = (await queue.ReceiveMessagesAsync(32)).Value.SelectMany(m => FeedMessageJson.DeserializeAny(m.Body.ToString())).Select(m => m.DeliveryId);
        Assert.Equal(["after", "first"], left.Order(StringComparer.Ordinal));
    }

    private static Window Window(string customer, string rule) =>
        TableStorageTests.SampleWindow(customer) with { RuleId = rule, WindowId = Domain.Windows.Window.IdFor(customer, rule, "pf:2026-10") };

    internal sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private long count;

        public long Count => Interlocked.Read(ref count);

        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref count);
    }

    /// <summary>Fails the queue's message sends (POST …/messages) while <see cref="Failing"/>.</summary>
    private sealed class FailSendsPolicy : HttpPipelinePolicy
    {
        public volatile bool Failing;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (Failing && message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal))
            {
                throw new RequestFailedException(503, "The queue is away (test).");
            }

            await ProcessNextAsync(message, pipeline);
        }
    }
}
