using Microsoft.Extensions.Hosting;

namespace LifeWindow.Integration.Streams.EventHubs;

/// <summary>Runs the Event Hubs feed-stream consumer for the life of the host; on a stop, the batches in hand finish and are checkpointed first.</summary>
public sealed class FeedStreamProcessorService(FeedStreamEventProcessor processor) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => processor.StartProcessingAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => processor.StopProcessingAsync(cancellationToken);
}
