namespace LifeWindow.Functions.Tests;

/// <summary>Our own failures answer 503 and lose nothing: the partner's retry of the same delivery goes through.</summary>
public sealed class OutageTests
{
    private sealed class FlakyStream(IFeedStream inner) : IFeedStream
    {
        public bool Down { get; set; } = true;

        public Task PublishAsync(FeedMessage message, CancellationToken cancellationToken) =>
            Down ? throw new IOException("stream unavailable") : inner.PublishAsync(message, cancellationToken);
    }

    [Fact]
    public async Task Post_StreamDown_Is503ThenTheRetryOfTheSameDeliveryIsAccepted()
    {
        FlakyStream? flaky = null;
        await using var host = await RunningHost.StartAsync(configureServices: services =>
            services.Replace(ServiceDescriptor.Singleton<IFeedStream>(sp => flaky = new FlakyStream(sp.GetRequiredService<InMemoryFeedStream>()))));
        var partner = SignedRequests.Partner(host, "gjj_shanghai");
        var body = SignedRequests.Envelope(SignedRequests.Contribution("GJJ-OUTAGE-1"));

        using var during = await partner.SendAsync("/api/feeds/provident-fund", "msg_outage", body);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.NotNull(during.Headers.RetryAfter);

        flaky!.Down = false;
        using var retry = await partner.SendAsync("/api/feeds/provident-fund", "msg_outage", body);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.False(retry.Headers.Contains("webhook-replayed"));
    }
}
