using LifeWindow.Domain.Feeds;
using Microsoft.Extensions.Options;

namespace LifeWindow.LocalHost.Hosting;

/// <summary>
/// Consumes the in-memory feed stream (embedded default) with the Functions app's own queue-trigger function
/// (the one on the feed-stream queue), so the local host runs the same consumer code as Azure. On a graceful
/// stop it first drains what was published, within <see cref="DrainTimeout"/>; the stream is in memory, so
/// what a hard kill finds in it is lost (the embedded default says so).
/// </summary>
public sealed partial class FeedStreamConsumers(InMemoryFeedStream stream, IServiceProvider services, IOptions<FeedStreamOptions> options, ILogger<FeedStreamConsumers> logger) : BackgroundService
{
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(20);

    private readonly Func<IServiceProvider, IReadOnlyDictionary<string, object?>, CancellationToken, Task<object?>> consumer = CompileConsumer();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await stream.WaitForIdleAsync(DrainTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            LogNotDrained(logger, stream.Pending);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Each partition's consumer takes what has arrived (up to FeedStream:ConsumerBatchSize) as one batch message, as a queue message of a batch delivery is.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        stream.RunConsumersAsync(HandleAsync, options.Value.ConsumerBatchSize, stoppingToken);

    private Task HandleAsync(IReadOnlyList<FeedMessage> messages, CancellationToken cancellationToken) =>
        consumer(services, new Dictionary<string, object?> { ["$message"] = FeedMessageJson.Pack(messages, int.MaxValue).Single() }, cancellationToken);

    /// <summary>The Functions app's consumer of the feed-stream queue, callable with the message text under "$message".</summary>
    internal static Func<IServiceProvider, IReadOnlyDictionary<string, object?>, CancellationToken, Task<object?>> CompileConsumer()
    {
        var (method, name, _) = FunctionCatalog.WithTrigger<QueueTriggerAttribute>()
            .Single(t => t.Trigger.QueueName == StorageQueueFeedStream.QueueName);
        return FunctionInvoker.Compile(method, p => p.GetCustomAttribute<QueueTriggerAttribute>() is null
            ? null
            : p.ParameterType == typeof(string)
                ? (_, bindings, _) => bindings["$message"]
                : throw new NotSupportedException($"{name}: the feed-stream trigger must take the message as a string."));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping with {Pending} in-memory feed messages not yet consumed: the embedded default is not durable")]
    private static partial void LogNotDrained(ILogger logger, long pending);
}
