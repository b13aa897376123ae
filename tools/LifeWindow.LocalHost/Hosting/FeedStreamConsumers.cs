using System.Reflection;
using LifeWindow.Domain.Feeds;
using LifeWindow.Integration.Streams;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;

namespace LifeWindow.LocalHost.Hosting;

/// <summary>
/// Consumes the in-memory feed stream with the Functions app's own queue-trigger function (the one on
/// the feed-stream queue), so the local host runs the same consumer code as Azure.
/// </summary>
public sealed class FeedStreamConsumers(InMemoryFeedStream stream, IServiceProvider services) : BackgroundService
{
    private readonly Func<IServiceProvider, IReadOnlyDictionary<string, object?>, CancellationToken, Task<object?>> consumer = CompileConsumer();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        stream.RunConsumersAsync(HandleAsync, stoppingToken);

    private Task HandleAsync(FeedMessage message, CancellationToken cancellationToken) =>
        consumer(services, new Dictionary<string, object?> { ["$message"] = FeedMessageJson.Serialize(message) }, cancellationToken);

    private static Func<IServiceProvider, IReadOnlyDictionary<string, object?>, CancellationToken, Task<object?>> CompileConsumer()
    {
        var (method, name, _) = FunctionCatalog.WithTrigger<QueueTriggerAttribute>()
            .Single(t => t.Trigger.QueueName == StorageQueueFeedStream.QueueName);
        return FunctionInvoker.Compile(method, p => p.GetCustomAttribute<QueueTriggerAttribute>() is null
            ? null
            : p.ParameterType == typeof(string)
                ? (_, bindings, _) => bindings["$message"]
                : throw new NotSupportedException($"{name}: the feed-stream trigger must take the message as a string."));
    }
}
