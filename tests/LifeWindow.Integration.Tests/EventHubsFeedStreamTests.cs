using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Primitives;
using Azure.Messaging.EventHubs.Processor;
using Azure.Messaging.EventHubs.Producer;
using LifeWindow.Integration.Streams.EventHubs;
using Microsoft.Extensions.Logging.Abstractions;

namespace LifeWindow.Integration.Tests;

/// <summary>
/// The Event Hubs feed stream without the service (there is no emulator here): events built with the SDK's
/// <see cref="EventHubsModelFactory"/>, the buffered producer through its overridable members, and the ownership and
/// checkpoint store on Azurite.
/// </summary>
public class EventHubsFeedStreamTests
{
    internal static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    internal static FeedMessage Pf(string customer, YearMonth period) =>
        new("provident-fund", "gjj_shanghai", $"d-{customer}-{period}", Now, PepperRotationTests.Month(customer, period, 12_000m) with { RecordId = $"PF-{customer}-{period}", EvidenceHash = $"ev-{customer}-{period}" });

    internal static EventData Event(string body, long sequence) =>
        EventHubsModelFactory.EventData(BinaryData.FromString(body), partitionKey: null, sequenceNumber: sequence, offsetString: (sequence * 100).ToString(CultureInfo.InvariantCulture), enqueuedTime: Now);

    internal static EventData Event(FeedMessage message, long sequence) => Event(FeedMessageJson.Serialize(message), sequence);

    /// <summary>A queue of its own on Azurite, not yet created, with Base64 messages as the Functions queue trigger reads them.</summary>
    internal static Azure.Storage.Queues.QueueClient NewQueue(AzuriteFixture azurite, string prefix) =>
        new(azurite.ConnectionString, AzuriteFixture.UniqueName(prefix), new Azure.Storage.Queues.QueueClientOptions { MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64 });

    private static FeedStreamBatchHandler Handler(Func<IReadOnlyList<FeedMessage>, CancellationToken, Task> fold, List<string> setAside) =>
        new(fold, (body, reason, _) =>
        {
            lock (setAside)
            {
                setAside.Add(reason);
            }

            return Task.CompletedTask;
        }, Options.Create(new FeedStreamOptions { MaxAttempts = 3 }), NullLogger<FeedStreamBatchHandler>.Instance);

    [Fact]
    public async Task Batch_FoldsEveryRecordThroughTheProcessor_SetsAsideWhatIsNoFeedMessage_CheckpointsTheLastEvent()
    {
        using var host = IntegrationHost.Build(new FakeTimeProvider(Now));
        var processor = host.Get<FeedMessageProcessor>();
        var signals = new List<WorkflowSignals>();
        var setAside = new List<string>();
        var handler = Handler(async (messages, ct) => signals.Add(await processor.ProcessBatchAsync(messages, ct)), setAside);
        EventData[] events =
        [
            Event(PepperRotationTests.Consent("k1-eh", Now), 40),
            Event(Pf("k1-eh", new YearMonth(2026, 9)), 41),
            Event("{ not json", 42),
            Event(Pf("k1-eh", new YearMonth(2026, 10)), 43),
        ];

        var position = await handler.HandleAsync(events, "3", CancellationToken.None);

        Assert.Equal((43, "4300"), (position!.Value.SequenceNumber, position.Value.OffsetString));
        Assert.Equal("partition 3, sequence 42: not a feed message", Assert.Single(setAside));
        Assert.Single(signals); // one fold for the whole batch
        var facts = await host.Get<IFactLog>().ReadAsync("k1-eh", CancellationToken.None).ToListAsync();
        Assert.Equal(3, facts.Count);

        // The same batch again (a new owner after a crash before the checkpoint): nothing more is kept.
        await handler.HandleAsync(events, "3", CancellationToken.None);
        Assert.Equal(3, (await host.Get<IFactLog>().ReadAsync("k1-eh", CancellationToken.None).ToListAsync()).Count);
        Assert.Null(await handler.HandleAsync([], "3", CancellationToken.None));
    }

    [Fact]
    public async Task Batch_ARecordThatKeepsFailing_IsSetAsideAfterItsAttempts_TheOthersFold_ThePartitionMovesOn()
    {
        var folded = new List<string>();
        var attempts = 0;
        var setAside = new List<string>();
        var handler = Handler((messages, _) =>
        {
            if (messages.Any(m => m.Record.RecordId == "PF-k1-bad-2026-10"))
            {
                attempts++;
                throw new InvalidOperationException("the fold cannot take this record");
            }

            folded.AddRange(messages.Select(m => m.Record.RecordId));
            return Task.CompletedTask;
        }, setAside);

        var position = await handler.HandleAsync(
            [Event(Pf("k1-ok", new YearMonth(2026, 10)), 7), Event(Pf("k1-bad", new YearMonth(2026, 10)), 8), Event(Pf("k1-ok2", new YearMonth(2026, 10)), 9)],
            "0",
            CancellationToken.None);

        Assert.Equal(9, position!.Value.SequenceNumber);
        Assert.Equal(["PF-k1-ok-2026-10", "PF-k1-ok2-2026-10"], folded);
        Assert.Equal(1 + 3, attempts); // the batch once, then the record alone MaxAttempts times
        Assert.StartsWith("partition 0, sequence 8: InvalidOperationException: the fold cannot take this record", Assert.Single(setAside), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_ReturnsOnlyOnceTheProducerReportsTheEventsSent_OneCustomerOnePartitionKey()
    {
        await using var producer = new RecordingProducer();
        var stream = new EventHubsFeedStream(producer);
        FeedMessage[] messages = [Pf("k1-a", new YearMonth(2026, 9)), Pf("k1-b", new YearMonth(2026, 9)), Pf("k1-a", new YearMonth(2026, 10))];

        var publish = stream.PublishBatchAsync(messages, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(publish.IsCompleted); // queued in memory is not kept

        Assert.Equal(["k1-a", "k1-b"], producer.Enqueued.Select(e => e.PartitionKey));
        Assert.Equal(2, producer.Enqueued[0].Events.Count);
        Assert.Equal(messages[0], FeedMessageJson.DeserializeAny(producer.Enqueued[0].Events[0].EventBody.ToString()).Single());
        await producer.SucceedAsync(producer.Enqueued[0].Events);
        Assert.False(publish.IsCompleted); // k1-b's event is not sent yet
        await producer.SucceedAsync(producer.Enqueued[1].Events);
        await publish.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Publish_TheProducerGivesUpOnTheBatch_ThePublishFails_SoTheIngressAnswers503()
    {
        await using var producer = new RecordingProducer();
        var stream = new EventHubsFeedStream(producer);

        var publish = stream.PublishAsync(Pf("k1-a", new YearMonth(2026, 9)), CancellationToken.None);
        await producer.FailAsync(producer.Enqueued[0].Events, new EventHubsException(true, "feed-stream", "service busy", EventHubsException.FailureReason.ServiceBusy));

        var failure = await Assert.ThrowsAsync<EventHubsException>(() => publish.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(EventHubsException.FailureReason.ServiceBusy, failure.Reason);
    }

    /// <summary>The SDK's buffered producer with its sending replaced: records what is enqueued; the test says when a batch is sent or failed.</summary>
    private sealed class RecordingProducer() : EventHubBufferedProducerClient("fake.servicebus.windows.net", "feed-stream", new Azure.Identity.DefaultAzureCredential())
    {
        public List<(string? PartitionKey, IReadOnlyList<EventData> Events)> Enqueued { get; } = [];

        public override Task<int> EnqueueEventsAsync(IEnumerable<EventData> events, EnqueueEventOptions options, CancellationToken cancellationToken = default)
        {
            var list = events.ToList();
            lock (Enqueued)
            {
                Enqueued.Add((options?.PartitionKey, list));
            }

            return Task.FromResult(list.Count);
        }

        public Task SucceedAsync(IReadOnlyList<EventData> events) => OnSendSucceededAsync(events, "0", CancellationToken.None);

        public Task FailAsync(IReadOnlyList<EventData> events, Exception error) => OnSendFailedAsync(events, error, "0", CancellationToken.None);
    }
}

/// <summary>Partition ownership and checkpoints in Table storage, as the SDK's load balancer uses them.</summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class TableCheckpointStoreTests(AzuriteFixture azurite)
{
    private TableCheckpointStore Store(LifeWindowTables tables) => new(tables, "lw.servicebus.windows.net", "feed-stream", "lifewindow");

    private static EventProcessorPartitionOwnership Claim(string partition, string owner, string? version) => new()
    {
        FullyQualifiedNamespace = "lw.servicebus.windows.net",
        EventHubName = "feed-stream",
        ConsumerGroup = "lifewindow",
        PartitionId = partition,
        OwnerIdentifier = owner,
        Version = version,
    };

    [Fact]
    public async Task Ownership_TwoProcessorsClaimOnePartitionAtOnce_ExactlyOneWins_AnOutdatedVersionLoses()
    {
        var tables = new LifeWindowTables(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t"));
        var (a, b) = (Store(tables), Store(tables));

        var claims = await Task.WhenAll(a.ClaimOwnershipAsync([Claim("0", "proc-a", null)], CancellationToken.None), b.ClaimOwnershipAsync([Claim("0", "proc-b", null)], CancellationToken.None));

        var winner = Assert.Single(claims.SelectMany(c => c));
        var listed = Assert.Single(await a.ListOwnershipAsync(CancellationToken.None));
        Assert.Equal((winner.OwnerIdentifier, winner.Version), (listed.OwnerIdentifier, listed.Version));
        Assert.True(listed.LastModifiedTime > DateTimeOffset.UtcNow.AddMinutes(-1));

        // The loser takes the partition over with the version it listed (what the load balancer does once the claim has
        // expired, i.e. its owner stopped renewing); the old owner's renewal with its outdated version then loses.
        var loser = winner.OwnerIdentifier == "proc-a" ? "proc-b" : "proc-a";
        var takenOver = Assert.Single(await b.ClaimOwnershipAsync([Claim("0", loser, listed.Version)], CancellationToken.None));
        Assert.Empty(await a.ClaimOwnershipAsync([Claim("0", winner.OwnerIdentifier, winner.Version)], CancellationToken.None));
        Assert.Equal(loser, Assert.Single(await a.ListOwnershipAsync(CancellationToken.None)).OwnerIdentifier);
        Assert.NotEqual(winner.Version, takenOver.Version);
    }

    [Fact]
    public async Task Checkpoint_NoneThenTheLastEventHandled_ProcessingResumesAfterIt_OtherHubsApart()
    {
        var tables = new LifeWindowTables(new TableServiceClient(azurite.ConnectionString), AzuriteFixture.UniqueName("t"));
        var store = Store(tables);
        Assert.Null(await store.GetCheckpointAsync("1", CancellationToken.None));

        await store.UpdateCheckpointAsync("1", new CheckpointPosition("4100", 41), "proc-a", CancellationToken.None);
        await store.UpdateCheckpointAsync("1", new CheckpointPosition("5700", 57), "proc-b", CancellationToken.None);

        var checkpoint = (await store.GetCheckpointAsync("1", CancellationToken.None))!;
        Assert.Equal(Azure.Messaging.EventHubs.Consumer.EventPosition.FromOffset("5700", isInclusive: false), checkpoint.StartingPosition);
        Assert.Equal(("proc-b", "1", "lifewindow"), (checkpoint.ClientIdentifier, checkpoint.PartitionId, checkpoint.ConsumerGroup));
        Assert.Null(await new TableCheckpointStore(tables, "lw.servicebus.windows.net", "other-hub", "lifewindow").GetCheckpointAsync("1", CancellationToken.None));
    }
}

/// <summary>FeedStream:Transport picks the stream; Event Hubs brings its consumer and needs its namespace.</summary>
public class FeedStreamTransportTests
{
    private static IHost Build(params (string Key, string? Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        var all = IntegrationHost.RequiredSettings();
        all["Storage:Provider"] = "Tables";
        all["Storage:ConnectionString"] = "UseDevelopmentStorage=true";
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(all);
        builder.AddLifeWindowIntegration().AddLifeWindowFeedStream();
        return builder.Build();
    }

    [Fact]
    public void Transport_NotSet_IsTheStorageQueue_EventHubsBringsItsProducerAndConsumer()
    {
        using var queue = Build();
        Assert.IsType<StorageQueueFeedStream>(queue.Get<IFeedStream>());
        Assert.DoesNotContain(queue.Services.GetServices<IHostedService>(), s => s is FeedStreamProcessorService);

        using var hub = Build(("FeedStream:Transport", "EventHubs"), ("FeedStream:EventHubs:FullyQualifiedNamespace", "evhns-lw.servicebus.windows.net"));
        Assert.IsType<EventHubsFeedStream>(hub.Get<IFeedStream>());
        Assert.Contains(hub.Services.GetServices<IHostedService>(), s => s is FeedStreamProcessorService);
        Assert.IsType<QueueWorkflowSignalSink>(hub.Get<IWorkflowSignalSink>());
        Assert.Equal(("feed-stream", "lifewindow", 100), (hub.Get<FeedStreamEventProcessor>().EventHubName, hub.Get<FeedStreamEventProcessor>().ConsumerGroup, hub.Get<IOptions<FeedStreamOptions>>().Value.EventHubs.BatchSize));
    }

    [Fact]
    public void Transport_EventHubsWithoutANamespace_StopsTheHostNamingTheSetting_InMemoryIsRefused()
    {
        using var hub = Build(("FeedStream:Transport", "EventHubs"));
        var error = Assert.Throws<OptionsValidationException>(() => hub.Get<IOptions<FeedStreamOptions>>().Value);
        Assert.Contains("FeedStream:EventHubs:FullyQualifiedNamespace is required", error.Message, StringComparison.Ordinal);

        var inMemory = Assert.Throws<OptionsValidationException>(() => Build(("FeedStream:Transport", "InMemory")));
        Assert.Contains("local host's embedded default", inMemory.Message, StringComparison.Ordinal);
    }
}

/// <summary>The Functions app's hand-over from the Event Hubs consumer to the workflow-signals trigger, on Azurite.</summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class QueueWorkflowSignalSinkTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Signals_AreQueuedAsTheTriggerReadsThem_NothingToDoQueuesNothing()
    {
        var queue = EventHubsFeedStreamTests.NewQueue(azurite, "ws");
        var sink = new QueueWorkflowSignalSink(queue);
        var window = SampleWindows.LumpSum("k1-signals");

        await sink.ApplyAsync(WorkflowSignals.None, CancellationToken.None);
        Assert.False(await queue.ExistsAsync());
        await sink.ApplyAsync(new WorkflowSignals([window], [new WindowClosure(window with { WindowId = "w-closed" }, WindowState.Suppressed, "risk signal")]), CancellationToken.None);

        var message = Assert.Single((await queue.ReceiveMessagesAsync(10)).Value);
        var signals = QueueWorkflowSignalSink.Deserialize(message.Body.ToString());
        Assert.Equal(window.WindowId, Assert.Single(signals.Start).WindowId);
        Assert.Equal(window.CandidateOffers, signals.Start[0].CandidateOffers);
        Assert.Equal(("w-closed", WindowState.Suppressed, "risk signal"), (signals.Closed[0].Window.WindowId, signals.Closed[0].State, signals.Closed[0].Reason));
    }
}

/// <summary>
/// Two consumers share a hub's partitions through the Table store and one dies between folding a batch and
/// checkpointing it: the other takes its partitions over once the claims expire, reads on from the checkpoint, and the
/// batch folded twice keeps its records once. The SDK's own load balancer needs the service, which does not run here;
/// <see cref="Consumer"/> follows its protocol (list, claim the unowned or expired with their version, renew its own,
/// read after the checkpoint, checkpoint after each batch) over the real store, handler and fold, on Azurite.
/// </summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class EventHubsTakeoverTests(AzuriteFixture azurite)
{
    internal static readonly DateTimeOffset Now = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Expiry = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task TwoConsumers_OneDiesBeforeItsCheckpoint_TheOtherTakesOver_EveryRecordKeptOnce()
    {
        using var host = IntegrationHost.Build(new FakeTimeProvider(Now), azurite.ConnectionString);
        var processor = host.Get<FeedMessageProcessor>();
        var tables = host.Get<LifeWindowTables>();
        var folds = new Dictionary<string, int>();
        FeedStreamBatchHandler Handler(string owner) => new(
            async (messages, ct) =>
            {
                await processor.ProcessBatchAsync(messages, ct);
                folds[owner] = folds.GetValueOrDefault(owner) + messages.Count;
            },
            (_, reason, _) => throw new InvalidOperationException(reason),
            Options.Create(new FeedStreamOptions()),
            NullLogger<FeedStreamBatchHandler>.Instance);

        // Four partitions, 24 records each (one customer's months per partition, as the partition key keeps them).
        var log = Enumerable.Range(0, 4).ToDictionary(
            p => p.ToString(CultureInfo.InvariantCulture),
            p => (IReadOnlyList<EventData>)[.. Enumerable.Range(0, 24).Select(i => EventHubsFeedStreamTests.Event(EventHubsFeedStreamTests.Pf($"k1-part{p}", new YearMonth(2026, 10).AddMonths(-i)), i))]);
        var a = new Consumer("proc-a", new TableCheckpointStore(tables, "lw.servicebus.windows.net", "feed-stream", "lifewindow"), Handler("proc-a"), log);
        var b = new Consumer("proc-b", new TableCheckpointStore(tables, "lw.servicebus.windows.net", "feed-stream", "lifewindow"), Handler("proc-b"), log);

        // A starts alone and takes every partition; B joins; A folds its next batch and dies before the checkpoint.
        await a.RoundAsync(fairShareOf: 1);
        Assert.Equal(4, a.Owned.Count);
        await b.RoundAsync(fairShareOf: 2);
        Assert.Empty(b.Owned); // A's claims are fresh: nothing to take yet
        await a.RoundAsync(fairShareOf: 2, dieBeforeCheckpoint: true);

        // B keeps going: once A's claims expire it owns every partition and reads each to its end.
        for (var round = 0; round < 40 && !b.Done; round++)
        {
            await b.RoundAsync(fairShareOf: 1);
            await Task.Delay(Expiry / 8);
        }

        Assert.True(b.Done, "B did not finish every partition");
        Assert.Equal(4, b.Owned.Count);
        var facts = 0;
        for (var p = 0; p < 4; p++)
        {
            facts += (await host.Get<IFactLog>().ReadAsync($"k1-part{p}", CancellationToken.None).ToListAsync()).Count;
        }

        Assert.Equal(96, facts); // every record once
        Assert.Equal(96 + a.Uncheckpointed, folds["proc-a"] + folds["proc-b"]); // A's last batch was folded again by B
        Assert.True(a.Uncheckpointed > 0 && folds["proc-b"] > 0, $"A folded {folds["proc-a"]}, B {folds["proc-b"]}");
    }

    /// <summary>One consumer following the SDK's claim protocol over the store; batches of ten events.</summary>
    private sealed class Consumer(string id, TableCheckpointStore store, FeedStreamBatchHandler handler, IReadOnlyDictionary<string, IReadOnlyList<EventData>> log)
    {
        private readonly Dictionary<string, int> next = [];

        public HashSet<string> Owned { get; } = [];

        public int Uncheckpointed { get; private set; }

        public bool Done => log.Keys.All(p => next.GetValueOrDefault(p) >= log[p].Count);

        public async Task RoundAsync(int fairShareOf, bool dieBeforeCheckpoint = false)
        {
            var ownership = (await store.ListOwnershipAsync(CancellationToken.None)).ToDictionary(o => o.PartitionId);
            var share = (int)Math.Ceiling(log.Count / (double)fairShareOf);
            Owned.Clear();
            foreach (var partition in log.Keys.Order(StringComparer.Ordinal))
            {
                var current = ownership.GetValueOrDefault(partition);
                var mine = current?.OwnerIdentifier == id;
                var expired = current is null || current.LastModifiedTime < DateTimeOffset.UtcNow - Expiry;
                if ((mine || expired) && (mine || Owned.Count < share)
                    && (await store.ClaimOwnershipAsync([new() { FullyQualifiedNamespace = "lw.servicebus.windows.net", EventHubName = "feed-stream", ConsumerGroup = "lifewindow", PartitionId = partition, OwnerIdentifier = id, Version = current?.Version }], CancellationToken.None)).Count == 1)
                {
                    Owned.Add(partition);
                }
            }

            foreach (var partition in Owned.Order(StringComparer.Ordinal))
            {
                var start = await StartAsync(partition);
                var batch = log[partition].Skip(start).Take(10).ToList();
                var position = await handler.HandleAsync(batch, partition, CancellationToken.None);
                if (dieBeforeCheckpoint)
                {
                    Uncheckpointed += batch.Count;
                    continue;
                }

                if (position is { } last)
                {
                    await store.UpdateCheckpointAsync(partition, last, id, CancellationToken.None);
                }

                next[partition] = start + batch.Count;
            }
        }

        /// <summary>The index after the checkpointed event, found by its position as the SDK would read from it.</summary>
        private async Task<int> StartAsync(string partition)
        {
            var checkpoint = await store.GetCheckpointAsync(partition, CancellationToken.None);
            if (checkpoint is null)
            {
                return 0;
            }

            var events = log[partition];
            var index = events.ToList().FindIndex(e => Azure.Messaging.EventHubs.Consumer.EventPosition.FromOffset(e.OffsetString, isInclusive: false) == checkpoint.StartingPosition);
            return index + 1;
        }
    }
}

/// <summary>An erasure reaches the messages set aside in a poison queue (PIPL art. 47: dead letters too).</summary>
[Trait("Category", "Azurite")]
[Collection(AzuriteCollection.Name)]
public class PoisonQueueEraserTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Erase_DeletesTheCustomersPoisonMessages_LeavesTheOthers()
    {
        var queue = EventHubsFeedStreamTests.NewQueue(azurite, "poison");
        var eraser = new LifeWindow.Integration.Privacy.PoisonQueueEraser(queue, TimeSpan.FromSeconds(1));
        Assert.Equal(0, await eraser.EraseCustomerAsync("k1-gone", CancellationToken.None)); // no queue yet
        await queue.CreateAsync();
        foreach (var message in new[] { EventHubsFeedStreamTests.Pf("k1-gone", new YearMonth(2026, 9)), EventHubsFeedStreamTests.Pf("k1-stays", new YearMonth(2026, 9)), EventHubsFeedStreamTests.Pf("k1-gone", new YearMonth(2026, 10)) })
        {
            await queue.SendMessageAsync(FeedMessageJson.Serialize(message));
        }

        Assert.Equal(2, await eraser.EraseCustomerAsync("k1-gone", CancellationToken.None));

        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the other customer's message shows again
        var left = Assert.Single((await queue.PeekMessagesAsync(32)).Value);
        Assert.Contains("k1-stays", left.Body.ToString(), StringComparison.Ordinal);
        Assert.Equal("messages in " + queue.Name, eraser.ErasedItems);
    }
}
