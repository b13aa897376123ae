using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Azure.Storage.Queues.Specialized;
using Microsoft.Extensions.Options;

namespace LifeWindow.LocalHost.Hosting;

/// <summary>
/// Runs the Functions app's feed-stream QueueTrigger function on the Storage queue, as the Functions host
/// does (host.json "queues"), with one difference: it takes <see cref="BatchSize"/> messages at a time and hands the
/// function their records in <see cref="Lanes"/> units by Table shard (batch messages the function reads as it reads
/// any), so a busy customer's records are folded in one read-modify-write instead of colliding, and a unit's customers
/// share the partitions they are read from and saved to. Each message is hidden while it is
/// handled (FeedStream:VisibilityTimeoutSeconds), deleted only after the function returns, made visible again after a failure
/// (<see cref="RetryDelay"/>), and moved to "&lt;queue&gt;-poison" after <see cref="FeedStreamOptions.MaxAttempts"/>
/// attempts. Any number of hosts can consume one queue (competing consumers). A crash at any point leaves
/// the message in the queue, so it is handled again: the consumer's steps are idempotent.
/// </summary>
public sealed partial class StorageQueueConsumer(
    [FromKeyedServices(StorageQueueFeedStream.QueueName)] QueueClient queue,
    IServiceProvider services,
    IOptions<FeedStreamOptions> options,
    ILogger<StorageQueueConsumer> logger) : BackgroundService
{
    /// <summary>Messages taken per receive (the queue service's most).</summary>
    public const int BatchSize = 32;

    /// <summary>Units of work run side by side per receive, each a share of the customers.</summary>
    public const int Lanes = 8;

    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan MaxPollingInterval = TimeSpan.FromSeconds(1);

    private readonly Func<IServiceProvider, IReadOnlyDictionary<string, object?>, CancellationToken, Task<object?>> consumer = CompileConsumer();

    private readonly CancellationTokenSource handlersStop = new();

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop taking messages at once; what is being handled gets the drain time, then is cancelled
        // (its message reappears after the lease and is handled again).
        handlersStop.CancelAfter(FeedStreamConsumers.DrainTimeout);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        handlersStop.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poison = queue.GetParentQueueServiceClient().GetQueueClient(FeedStreamOptions.PoisonQueueOf(queue.Name));
        await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
        var idle = TimeSpan.FromMilliseconds(50);
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(BatchSize, TimeSpan.FromSeconds(options.Value.VisibilityTimeoutSeconds), stoppingToken).ConfigureAwait(false)).Value;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (RequestFailedException ex)
            {
                LogReceiveFailed(logger, ex, queue.Name);
                messages = [];
            }

            if (messages.Length == 0)
            {
                try
                {
                    await Task.Delay(idle, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, MaxPollingInterval.Ticks));
                continue;
            }

            idle = TimeSpan.FromMilliseconds(50);
            await HandleAsync(messages, poison).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The received messages' records, in <see cref="Lanes"/> units by Table shard (see
    /// <see cref="FeedMessageCoalescer"/>), each given to the trigger function as one batch message; a queue message
    /// is deleted when every unit holding its records succeeded, and fails (retry, then poison) otherwise.
    /// </summary>
    private async Task HandleAsync(QueueMessage[] messages, QueueClient poison)
    {
        var token = handlersStop.Token;
        var work = FeedMessageCoalescer.Coalesce([.. messages.Select(m => m.Body.ToString())], Lanes);
        var failures = new Exception?[messages.Length];
        await Task.WhenAll(work.Select(async unit =>
        {
            try
            {
                await consumer(services, new Dictionary<string, object?> { ["$message"] = unit.Text }, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                foreach (var index in unit.MessageIndexes)
                {
                    failures[index] = ex;
                }
            }
        })).ConfigureAwait(false);
        if (token.IsCancellationRequested)
        {
            return; // Stopping: what was not settled reappears after its visibility timeout.
        }

        await Task.WhenAll(messages.Select((message, i) => failures[i] is { } error ? FailAsync(message, poison, error) : DeleteAsync(message))).ConfigureAwait(false);
    }

    private async Task DeleteAsync(QueueMessage message)
    {
        try
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            // The visibility timeout ran out and another consumer took it: it is handled again, idempotently.
            LogDeleteFailed(logger, ex, message.MessageId);
        }
    }

    private async Task FailAsync(QueueMessage message, QueueClient poison, Exception error)
    {
        try
        {
            if (message.DequeueCount >= options.Value.MaxAttempts)
            {
                LogPoisoned(logger, error, message.MessageId, message.DequeueCount, poison.Name);
                await poison.CreateIfNotExistsAsync().ConfigureAwait(false);
                await poison.SendMessageAsync(message.Body).ConfigureAwait(false);
                LifeWindow.Integration.Telemetry.LifeWindowTelemetry.MessageSetAside(nameof(FeedStreamTransport.StorageQueue));
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt).ConfigureAwait(false);
            }
            else
            {
                LogRetry(logger, error, message.MessageId, message.DequeueCount);
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: RetryDelay).ConfigureAwait(false);
            }
        }
        catch (RequestFailedException ex)
        {
            // The message stays in the queue and reappears after its lease.
            LogDeleteFailed(logger, ex, message.MessageId);
        }
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the feed-stream queue {Queue}; polling again")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed message {MessageId} failed (attempt {Attempt}); it is retried")]
    private static partial void LogRetry(ILogger logger, Exception exception, string messageId, long attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Feed message {MessageId} failed {Attempts} times; moved to {PoisonQueue}")]
    private static partial void LogPoisoned(ILogger logger, Exception exception, string messageId, long attempts, string poisonQueue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not settle feed message {MessageId}; it reappears after its lease")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string messageId);
}
