using Azure.Identity;
using Azure.Storage.Queues;
using LifeWindow.Domain.CustomerTools;
using LifeWindow.Domain.Scripts;
using LifeWindow.Integration.Batch;
using LifeWindow.Integration.Claims;
using LifeWindow.Integration.Contact;
using LifeWindow.Integration.Credit;
using LifeWindow.Integration.Crm;
using LifeWindow.Integration.CustomerTools;
using LifeWindow.Integration.Feeds.Bank;
using LifeWindow.Integration.Feeds.ProvidentFund;
using LifeWindow.Integration.Demand;
using LifeWindow.Integration.Intents;
using LifeWindow.Integration.Outbox;
using LifeWindow.Integration.Pulls;
using LifeWindow.Integration.Streams.EventHubs;
using LifeWindow.Integration.Streams;
using LifeWindow.Integration.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace LifeWindow.Integration;

public static class IntegrationServiceExtensions
{
    /// <summary>Ingress, storage, the stream consumer's processor and the CRM client; every host calls this.</summary>
    public static IHostApplicationBuilder AddLifeWindowIntegration(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ProfileOptions>().BindConfiguration(ProfileOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Call snippets are read by the trained intent classifier, not the catalog's phrase lists (docs/models.md).
        services.TryAddSingleton(sp => IntentClassifier.Default.AttachTo(sp.GetRequiredService<IOptions<ProfileOptions>>().Value.CatalogPath is { Length: > 0 } path
            ? RuleCatalogLoader.LoadFile(path)
            : RuleCatalogLoader.LoadDefault()));
        services.TryAddSingleton<TalkingScriptRenderer>();
        // The demand model is optional: none configured, the rules decide alone (docs/models.md).
        services.AddOptions<DemandModelOptions>().BindConfiguration(DemandModelOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DemandModelOptions>, DemandModelOptionsValidation>());
        services.TryAddSingleton<DemandScorer>();

        services.AddOptions<IdentityOptions>().BindConfiguration(IdentityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FeedStreamOptions>().BindConfiguration(FeedStreamOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<LeadDeliveryOptions>().BindConfiguration(LeadDeliveryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<LeadDispatcher>();
        services.AddOptions<RepairOptions>().BindConfiguration(RepairOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<WindowRepairSweep>();

        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DeadLetterOptions>().BindConfiguration(DeadLetterOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<CustomerKeyTokenizer>();
        services.TryAddSingleton<PayloadProtector>();
        services.TryAddSingleton<FeedParsers>();
        services.TryAddSingleton<FeedIngestor>();
        services.TryAddSingleton<DeadLetterService>();
        services.TryAddSingleton<WebhookAuthenticator>();
        services.AddLifeWindowFeeds();
        services.AddLifeWindowWhitelistImport();
        services.TryAddSingleton<FeedMessageProcessor>();

        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (storage.Provider == StorageProvider.Tables)
        {
            services.TryAddSingleton(_ => CreateTableService(storage));
            services.TryAddSingleton(sp => new LifeWindowTables(sp.GetRequiredService<TableServiceClient>(), storage.TablePrefix));
            services.TryAddSingleton<IProfileStore, TableProfileStore>();
            services.TryAddSingleton<IWindowStore, TableWindowStore>();
            services.TryAddSingleton<ILeadStore, TableLeadStore>();
            services.TryAddSingleton<ILeadOutbox, TableLeadOutbox>();
            services.TryAddSingleton<IContactLedger, TableContactLedger>();
            services.TryAddSingleton<IDoNotDisturbList, TableDoNotDisturbList>();
            services.TryAddSingleton<IWebhookLedger, TableWebhookLedger>();
            services.TryAddSingleton<IDeadLetterStore, TableDeadLetterStore>();
            services.TryAddSingleton<IFactLog, TableFactLog>();
            services.TryAddSingleton<IMatchIndex, TableMatchIndex>();
            services.TryAddSingleton<IErasureLog, TableErasureLog>();
            services.TryAddSingleton<IAuditLog, TableAuditLog>();
            services.TryAddSingleton<IGroupClaimStore, TableGroupClaimStore>();
            services.TryAddSingleton<ILeadInbox, TableLeadInbox>();
        }
        else
        {
            services.TryAddSingleton<IProfileStore, InMemoryProfileStore>();
            services.TryAddSingleton<IWindowStore, InMemoryWindowStore>();
            services.TryAddSingleton<ILeadStore, InMemoryLeadStore>();
            services.TryAddSingleton<ILeadOutbox, InMemoryLeadOutbox>();
            services.TryAddSingleton<IContactLedger, InMemoryContactLedger>();
            services.TryAddSingleton<IDoNotDisturbList, InMemoryDoNotDisturbList>();
            services.TryAddSingleton<IWebhookLedger, InMemoryWebhookLedger>();
            services.TryAddSingleton<IDeadLetterStore, InMemoryDeadLetterStore>();
            services.TryAddSingleton<IFactLog, InMemoryFactLog>();
            services.TryAddSingleton<IMatchIndex, InMemoryMatchIndex>();
            services.TryAddSingleton<IErasureLog, InMemoryErasureLog>();
            services.TryAddSingleton<IAuditLog, InMemoryAuditLog>();
            services.TryAddSingleton<IGroupClaimStore, InMemoryGroupClaimStore>();
            services.TryAddSingleton<ILeadInbox, InMemoryLeadInbox>();
        }

        // Erasure calls every store that keeps rows by customer and can erase them (ICustomerDataEraser).
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<CustomerErasure>(
            sp,
            new object[] { sp.GetRequiredService<IWindowStore>(), sp.GetRequiredService<ILeadStore>(), sp.GetRequiredService<ILeadOutbox>(), sp.GetRequiredService<IContactLedger>(), sp.GetRequiredService<IMatchIndex>(), sp.GetRequiredService<IAuditLog>(), sp.GetRequiredService<ILeadInbox>() }
                .OfType<ICustomerDataEraser>().Concat(sp.GetServices<ICustomerDataEraser>()).Distinct().ToList()));

        services.TryAddSingleton<LeadRouter>();
        services.TryAddSingleton<LeadInboxReader>();
        services.TryAddSingleton<FunnelReader>();
        services.AddOptions<MonthlyPlanPolicy>().BindConfiguration(MonthlyPlanPolicy.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<MortgageZoneReader>();
        services.AddLifeWindowCreditStores(storage.Provider);
        services.AddLifeWindowCrm();
        builder.AddLifeWindowPulls();

        return builder;
    }

    /// <summary>The in-process partitioned stream (embedded default); the host runs its consumers.</summary>
    public static IHostApplicationBuilder AddLifeWindowInMemoryFeedStream(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<InMemoryFeedStream>();
        builder.Services.TryAddSingleton<IFeedStream>(sp => sp.GetRequiredService<InMemoryFeedStream>());
        builder.Services.TryAddSingleton<IFeedStreamMonitor, InMemoryFeedStreamMonitor>();
        return builder;
    }

    /// <summary>The Storage Queue stream (durable), consumed by the Functions QueueTrigger or the local host's queue consumer.</summary>
    public static IHostApplicationBuilder AddLifeWindowStorageQueueFeedStream(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddKeyedSingleton(StorageQueueFeedStream.QueueName, (sp, _) =>
            StorageQueue(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<IOptions<FeedStreamOptions>>().Value.QueueName));
        builder.Services.AddSingleton<ICustomerDataEraser>(sp => new PoisonQueueEraser(
            StorageQueue(sp.GetRequiredService<IOptions<StorageOptions>>().Value, FeedStreamOptions.PoisonQueueOf(sp.GetRequiredService<IOptions<FeedStreamOptions>>().Value.QueueName)), PoisonHold));
        builder.Services.TryAddSingleton<IFeedStream>(sp => new StorageQueueFeedStream(
            sp.GetRequiredKeyedService<QueueClient>(StorageQueueFeedStream.QueueName),
            sp.GetRequiredService<IOptions<FeedStreamOptions>>().Value.SendsInFlight));
        builder.Services.TryAddSingleton<IFeedStreamMonitor>(sp =>
        {
            var queue = sp.GetRequiredKeyedService<QueueClient>(StorageQueueFeedStream.QueueName);
            return new StorageQueueFeedStreamMonitor(nameof(FeedStreamTransport.StorageQueue), queue, StorageQueue(sp.GetRequiredService<IOptions<StorageOptions>>().Value, FeedStreamOptions.PoisonQueueOf(queue.Name)), sp.GetRequiredService<TimeProvider>());
        });
        return builder;
    }

    /// <summary>
    /// The stream <c>FeedStream:Transport</c> names (none: the Storage queue), for the Functions app. Event Hubs also
    /// runs its consumer here, as a hosted service, and hands the workflow signals to the <c>workflow-signals</c> queue.
    /// </summary>
    public static IHostApplicationBuilder AddLifeWindowFeedStream(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var transport = builder.Configuration.GetSection(FeedStreamOptions.Section).Get<FeedStreamOptions>()?.Transport ?? FeedStreamTransport.StorageQueue;
        return transport switch
        {
            FeedStreamTransport.EventHubs => builder.AddLifeWindowEventHubsFeedStream(),
            FeedStreamTransport.InMemory => throw new OptionsValidationException(FeedStreamOptions.Section, typeof(FeedStreamOptions), ["FeedStream:Transport InMemory is the local host's embedded default; the Functions app needs StorageQueue or EventHubs."]),
            _ => builder.AddLifeWindowStorageQueueFeedStream(),
        };
    }

    /// <summary>
    /// The Event Hubs stream: records published through the buffered producer, consumed by <see cref="FeedStreamEventProcessor"/>
    /// with ownership and checkpoints in Table storage, poison records to the "feed-stream-poison" queue. The host may
    /// register its own <see cref="IWorkflowSignalSink"/> first (the local host applies signals at once); otherwise they go
    /// to the workflow-signals queue.
    /// </summary>
    public static IHostApplicationBuilder AddLifeWindowEventHubsFeedStream(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<FeedStreamOptions>()
            .Validate(o => !string.IsNullOrWhiteSpace(o.EventHubs.FullyQualifiedNamespace), "FeedStream:EventHubs:FullyQualifiedNamespace is required when FeedStream:Transport is EventHubs.")
            .Validate(o => o.EventHubs.BatchSize is >= 1 and <= 1000, "FeedStream:EventHubs:BatchSize must be 1..1000.");
        EventHubsStreamOptions Hub(IServiceProvider sp) => sp.GetRequiredService<IOptions<FeedStreamOptions>>().Value.EventHubs;
        QueueClient Queue(IServiceProvider sp, string name) => StorageQueue(sp.GetRequiredService<IOptions<StorageOptions>>().Value, name);
        services.TryAddSingleton(sp => new Azure.Messaging.EventHubs.Producer.EventHubBufferedProducerClient(Hub(sp).FullyQualifiedNamespace!, Hub(sp).EventHubName, new DefaultAzureCredential()));
        services.TryAddSingleton<IFeedStream>(sp => new EventHubsFeedStream(sp.GetRequiredService<Azure.Messaging.EventHubs.Producer.EventHubBufferedProducerClient>()));
        services.TryAddSingleton<IWorkflowSignalSink>(sp => new QueueWorkflowSignalSink(Queue(sp, QueueWorkflowSignalSink.QueueName)));
        services.TryAddSingleton(sp => new TableCheckpointStore(sp.GetRequiredService<LifeWindowTables>(), Hub(sp).FullyQualifiedNamespace!, Hub(sp).EventHubName, Hub(sp).ConsumerGroup));
        services.TryAddSingleton(sp =>
        {
            var processor = sp.GetRequiredService<FeedMessageProcessor>();
            var sink = sp.GetRequiredService<IWorkflowSignalSink>();
            var poison = Queue(sp, FeedStreamOptions.PoisonQueueOf(sp.GetRequiredService<IOptions<FeedStreamOptions>>().Value.QueueName));
            return new FeedStreamBatchHandler(
                async (messages, ct) => await sink.ApplyAsync(await processor.ProcessBatchAsync(messages, ct).ConfigureAwait(false), ct).ConfigureAwait(false),
                async (body, reason, ct) =>
                {
                    await poison.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false);
                    await poison.SendMessageAsync(JsonSerializer.Serialize(new { reason, body }), ct).ConfigureAwait(false);
                    LifeWindowTelemetry.MessageSetAside(nameof(FeedStreamTransport.EventHubs));
                },
                sp.GetRequiredService<IOptions<FeedStreamOptions>>(),
                sp.GetRequiredService<ILogger<FeedStreamBatchHandler>>());
        });
        services.TryAddSingleton(sp => new FeedStreamEventProcessor(
            sp.GetRequiredService<TableCheckpointStore>(),
            sp.GetRequiredService<FeedStreamBatchHandler>(),
            sp.GetRequiredService<ILogger<FeedStreamEventProcessor>>(),
            Hub(sp).BatchSize,
            Hub(sp).ConsumerGroup,
            Hub(sp).FullyQualifiedNamespace!,
            Hub(sp).EventHubName,
            new DefaultAzureCredential()));
        services.AddHostedService<FeedStreamProcessorService>();
        // Consumer lag on Event Hubs is the namespace's own metric (Azure Monitor); here, only what was set aside.
        services.TryAddSingleton<IFeedStreamMonitor>(sp => new StorageQueueFeedStreamMonitor(
            nameof(FeedStreamTransport.EventHubs), null, Queue(sp, FeedStreamOptions.PoisonQueueOf(sp.GetRequiredService<IOptions<FeedStreamOptions>>().Value.QueueName)), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICustomerDataEraser>(sp => new PoisonQueueEraser(Queue(sp, FeedStreamOptions.PoisonQueueOf(sp.GetRequiredService<IOptions<FeedStreamOptions>>().Value.QueueName)), PoisonHold));
        services.AddSingleton<ICustomerDataEraser>(sp => new PoisonQueueEraser(Queue(sp, FeedStreamOptions.PoisonQueueOf(QueueWorkflowSignalSink.QueueName)), PoisonHold));

        return builder;
    }

    /// <summary>How long an erasure holds a poison message that is not the customer's before it shows again.</summary>
    private static readonly TimeSpan PoisonHold = TimeSpan.FromSeconds(30);

    /// <summary>A queue of the storage account (Base64 messages, as the Functions queue trigger reads them).</summary>
    private static QueueClient StorageQueue(StorageOptions storage, string queueName)
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        return storage.ConnectionString is { Length: > 0 } connection
            ? new QueueClient(connection, queueName, options)
            : new QueueClient(new Uri(storage.QueueServiceUri ?? throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions), ["Storage:QueueServiceUri or Storage:ConnectionString is required."]), queueName), new DefaultAzureCredential(), options);
    }

    private static TableServiceClient CreateTableService(StorageOptions storage) =>
        storage.ConnectionString is { Length: > 0 } connection
            ? new TableServiceClient(connection)
            : new TableServiceClient(
                storage.TableServiceUri ?? throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions), ["Storage:TableServiceUri or Storage:ConnectionString is required when Storage:Provider is Tables."]),
                new DefaultAzureCredential());
}
