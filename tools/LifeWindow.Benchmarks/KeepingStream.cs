using LifeWindow.Integration.Streams;

namespace LifeWindow.Benchmarks;

/// <summary>A feed stream that keeps what is published until the benchmark takes it to fold itself, so the fold can be timed (or left out) apart from ingress.</summary>
internal sealed class KeepingStream : IFeedStream
{
    private readonly List<FeedMessage> kept = [];

    public Task PublishAsync(FeedMessage message, CancellationToken cancellationToken)
    {
        lock (kept)
        {
            kept.Add(message);
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<FeedMessage> Take()
    {
        lock (kept)
        {
            var taken = kept.ToList();
            kept.Clear();
            return taken;
        }
    }
}
