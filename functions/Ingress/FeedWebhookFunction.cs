using LifeWindow.Integration.Ingress;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace LifeWindow.Functions.Ingress;

/// <summary>POST /api/feeds/{feed}: a partner's signed feed webhook (e.g. provident-fund).</summary>
public sealed class FeedWebhookFunction(FeedWebhookHandler ingress)
{
    [Function(nameof(FeedWebhookFunction))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "feeds/{feed}")] HttpRequest request,
        string feed,
        CancellationToken cancellationToken) =>
        ingress.HandleAsync(feed, request, cancellationToken);
}
