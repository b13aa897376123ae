using System.Globalization;
using LifeWindow.Integration.Ingress;
using LifeWindow.Integration.Streams;

namespace LifeWindow.Functions.Ingress;

/// <summary>
/// A feed's two functions, the way in and the way through, on one screen: <see cref="Receive"/> takes a partner's signed
/// webhook and puts its records on the feed stream; <see cref="Consume"/> takes them off the stream, folds them into the
/// profiles and starts or tells the windows' workflows. (Function names kept from when each was its own class, so
/// the host's metadata, logs and dashboards do not change.)
/// </summary>
public sealed class FeedFunctions(
    SignedWebhookPipeline pipeline,
    FeedParsers parsers,
    FeedIngestor ingestor,
    FeedMessageProcessor processor,
    IOptions<WebhookOptions> options)
{
    public const string WebhookFunction = "FeedWebhookFunction";
    public const string StreamFunction = "FeedStreamFunction";

    /// <summary>
    /// POST /api/feeds/{feed}: a partner's signed feed webhook (e.g. provident-fund). After the signed-webhook checks, the
    /// envelope's type picks the parser; "data" is one record (202, or 400 naming the fields) or an array of up to
    /// <see cref="WebhookOptions.MaxBatchRecords"/> records (200 with a result per record, so one bad record does not
    /// sink the batch). Every record of a batch is judged before any is published. Every rejected record is kept as a
    /// dead letter; so is a whole delivery that cannot be read as an envelope (not UTF-8, not JSON, unsound text in the
    /// envelope itself), answered 400.
    /// </summary>
    [Function(WebhookFunction)]
    public Task<IResult> Receive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "feeds/{feed}")] HttpRequest request,
        string feed,
        CancellationToken cancellationToken)
    {
        if (!parsers.IsKnownFeed(feed))
        {
            return Task.FromResult(WebhookResponses.Problem(StatusCodes.Status404NotFound, "Unknown feed.", $"There is no feed '{feed}'.").ToResult());
        }

        return pipeline.RunAsync(feed, request, (delivery, ct) => AcceptAsync(feed, delivery, ct), cancellationToken, takesInvalidUtf8: true);
    }

    /// <summary>
    /// The feed-stream consumer: folds a message's records (one, or a delivery's batch) into the profiles, one
    /// read-modify-write per customer, then starts the offer workflows of the windows that opened and tells those of the
    /// windows that closed. The message is settled only after both, so a crash in between redelivers it, and the
    /// processor, finding the windows it recorded, asks for their workflows again.
    /// </summary>
    [Function(StreamFunction)]
    public async Task Consume(
        [QueueTrigger(StorageQueueFeedStream.QueueName)] string message,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var signals = await processor.ProcessBatchAsync(FeedMessageJson.DeserializeAny(message), cancellationToken).ConfigureAwait(false);
        await new DurableWorkflowGateway(durable).ApplyAsync(signals, cancellationToken).ConfigureAwait(false);
    }

    private async Task<StoredResponse> AcceptAsync(string feed, SignedDelivery delivery, CancellationToken cancellationToken)
    {
        var source = new IngestSource(feed, delivery.Partner, IngressMode.Webhook, delivery.WebhookId);
        var errors = new ValidationErrors();
        var envelope = SignedWebhookPipeline.ReadEnvelope(delivery, parsers.EventTypes(feed), errors, checkData: false);
        if (envelope is { Data.ValueKind: JsonValueKind.Array } batch
            && (batch.Data.GetArrayLength() == 0 || batch.Data.GetArrayLength() > options.Value.MaxBatchRecords))
        {
            errors.Add("$.data", $"a batch must hold 1 to {options.Value.MaxBatchRecords} records");
        }

        if (envelope is null || errors.Any)
        {
            var letter = await ingestor.RejectAsync(source, envelope?.Type, "$", delivery.Body, errors, null, cancellationToken).ConfigureAwait(false);
            return WebhookResponses.Invalid(errors, "The webhook envelope is not valid; it was kept as a dead letter.", letter.Id);
        }

        var (type, data) = envelope.Value;
        var parser = parsers.Find(feed, type)!;
        if (data.ValueKind != JsonValueKind.Array)
        {
            var result = await ingestor.IngestAsync(source, parser, data, "data", cancellationToken).ConfigureAwait(false);
            return result.IsAccepted
                ? WebhookResponses.Json(StatusCodes.Status202Accepted, new FeedAccepted(delivery.WebhookId, 1, 0, [result]))
                : WebhookResponses.Invalid(result.Errors!, "The record failed validation; it was kept as a dead letter.", result.DeadLetterId);
        }

        var items = data.EnumerateArray().Select((item, index) => new IngestItem(item, string.Create(CultureInfo.InvariantCulture, $"data[{index}]"))).ToList();
        var results = await ingestor.IngestAsync(source, parser, items, cancellationToken).ConfigureAwait(false);
        var accepted = results.Count(r => r.IsAccepted);
        return WebhookResponses.Json(StatusCodes.Status200OK, new FeedAccepted(delivery.WebhookId, accepted, results.Count - accepted, results));
    }
}

public sealed record FeedAccepted(string DeliveryId, int Accepted, int Rejected, IReadOnlyList<RecordResult> Records);
