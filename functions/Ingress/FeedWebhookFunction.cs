using System.Globalization;
using LifeWindow.Integration.Ingress;

namespace LifeWindow.Functions.Ingress;

/// <summary>
/// POST /api/feeds/{feed}: a partner's signed feed webhook (e.g. provident-fund). After the signed-webhook checks, the envelope's type picks the parser;
/// "data" is one record (202, or 400 naming the fields) or an array of up to
/// <see cref="WebhookOptions.MaxBatchRecords"/> records (200 with a result per record, so one bad
/// record does not sink the batch). Every record of a batch is judged before any is published. Every
/// rejected record is kept as a dead letter; so is a whole delivery that cannot be read as an envelope
/// (not UTF-8, not JSON, unsound text in the envelope itself), answered 400.
/// </summary>
public sealed class FeedWebhookFunction(
    SignedWebhookPipeline pipeline,
    FeedParsers parsers,
    FeedIngestor ingestor,
    IOptions<WebhookOptions> options)
{
    [Function(nameof(FeedWebhookFunction))]
    public Task<IResult> Run(
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
