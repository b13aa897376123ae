using LifeWindow.Domain.Feeds;
using LifeWindow.Domain.Time;
using LifeWindow.Integration.Feeds;
using LifeWindow.Integration.Streams;
using LifeWindow.Integration.Tokenization;
using LifeWindow.Integration.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LifeWindow.Integration.Ingress;

/// <summary>
/// A partner's feed webhook: after the signed-webhook checks, parse and validate the record, tokenize
/// the person, and append the canonical record to the feed stream. The raw payload goes no further;
/// only its SHA-256 travels as evidence.
/// </summary>
public sealed partial class FeedIngressHandler(
    SignedWebhookPipeline pipeline,
    IEnumerable<IFeedParser> parsers,
    CustomerKeyTokenizer tokenizer,
    IFeedStream stream,
    TimeProvider time,
    ILogger<FeedIngressHandler> logger)
{
    private readonly Dictionary<string, IFeedParser> parsersByFeed = parsers.ToDictionary(p => p.Feed, StringComparer.Ordinal);

    public Task<IResult> HandleAsync(string feed, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!parsersByFeed.TryGetValue(feed, out var parser))
        {
            return Task.FromResult(WebhookResponses.Problem(StatusCodes.Status404NotFound, "Unknown feed.", $"There is no feed '{feed}'.").ToResult());
        }

        return pipeline.RunAsync(feed, request, (delivery, ct) => AcceptAsync(parser, delivery, ct), cancellationToken);
    }

    private async Task<StoredResponse> AcceptAsync(IFeedParser parser, SignedDelivery delivery, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (SignedWebhookPipeline.ReadEnvelope(delivery.Body, parser.EventType, errors) is not { } data)
        {
            LogRejected(logger, parser.Feed, delivery.Partner, delivery.WebhookId, errors.ToString());
            return WebhookResponses.Invalid(errors, "The webhook envelope is not valid.");
        }

        var context = new FeedParseContext(BusinessClock.Today(time), tokenizer, CustomerKeyTokenizer.EvidenceHash(data.GetRawText()));
        var record = parser.Parse(data, "data", context, errors);
        if (record is null)
        {
            LogRejected(logger, parser.Feed, delivery.Partner, delivery.WebhookId, errors.ToString());
            return WebhookResponses.Invalid(errors, "The record failed validation; nothing was kept.");
        }

        await stream.PublishAsync(new FeedMessage(parser.Feed, delivery.Partner, delivery.WebhookId, time.GetUtcNow(), record), cancellationToken).ConfigureAwait(false);
        LogAccepted(logger, parser.Feed, record.RecordId, delivery.Partner);
        return WebhookResponses.Json(StatusCodes.Status202Accepted, new FeedAccepted(delivery.WebhookId, [new RecordResult(record.RecordId, "accepted", record.EvidenceHash)]));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected {Feed} delivery {WebhookId} from {Partner}: {Reasons}")]
    private static partial void LogRejected(ILogger logger, string feed, string partner, string webhookId, string reasons);

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted {Feed} record {RecordId} from {Partner}")]
    private static partial void LogAccepted(ILogger logger, string feed, string recordId, string partner);
}

public sealed record FeedAccepted(string DeliveryId, IReadOnlyList<RecordResult> Records);

public sealed record RecordResult(string RecordId, string Status, string EvidenceHash);
