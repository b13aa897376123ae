using LifeWindow.Domain.Feeds;
using LifeWindow.Integration.Lifecycle;
using Microsoft.Extensions.Options;

namespace LifeWindow.LocalHost.Hosting;

/// <summary>
/// Consumes the in-memory feed stream (embedded default): what the Functions app's queue trigger
/// (<c>FeedFunctions.Consume</c>) does with a message, on the messages themselves — fold them
/// (<see cref="FeedMessageProcessor"/>), then start and tell the workflows — as the Event Hubs consumer does. Writing each
/// batch to the queue message's text for the trigger to read back was the largest share of the host's time under batch
/// webhooks (docs/performance.md); the Azurite mode runs the trigger itself on the real queue. On a graceful stop it
/// first drains what was published, within <see cref="DrainTimeout"/>; the stream is in memory, so what a hard kill finds
/// in it is lost (the embedded default says so).
/// </summary>
public sealed partial class FeedStreamConsumers(
    InMemoryFeedStream stream,
    FeedMessageProcessor processor,
    IWorkflowSignalSink workflows,
    IOptions<FeedStreamOptions> options,
    ILogger<FeedStreamConsumers> logger) : BackgroundService
{
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(20);

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

    private async Task HandleAsync(IReadOnlyList<FeedMessage> messages, CancellationToken cancellationToken)
    {
        var signals = await processor.ProcessBatchAsync(messages, cancellationToken).ConfigureAwait(false);
        await workflows.ApplyAsync(signals, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping with {Pending} in-memory feed messages not yet consumed: the embedded default is not durable")]
    private static partial void LogNotDrained(ILogger logger, long pending);
}
