using System.Runtime.InteropServices;
using LifeWindow.Integration.Streams;

namespace LifeWindow.Integration.Ingress;

/// <summary>Where a record came from: feed, event type, partner, ingress mode and delivery (webhook-id, page cursor, file).</summary>
public sealed record IngestSource(string Feed, string Partner, IngressMode Mode, string DeliveryId);

/// <summary>The verdict on one record, as a batch response or import report lists it.</summary>
public sealed record RecordResult(string Path, string? RecordId, string Status, string EvidenceHash, IDictionary<string, string[]>? Errors = null, string? DeadLetterId = null)
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsAccepted => Status == Accepted;
}

/// <summary>One record of a delivery: its JSON and where it is in the delivery ("data[3]", "records[0]", "line 7").</summary>
public readonly record struct IngestItem(JsonElement Data, string Path);

/// <summary>
/// The one path every record takes, whatever brought it (webhook, pull, batch file, resubmission):
/// check that its JSON is sound text, parse and validate, run the record checks, then either publish the
/// tokenized record to the feed stream and index its matching tokens, or keep it as a dead letter with
/// the reasons. A delivery of several records is judged whole before anything is published, so bad input
/// never leaves a delivery half published. Never throws for bad input; infrastructure failures propagate
/// so the caller can answer "retry".
/// </summary>
public sealed partial class FeedIngestor(
    IEnumerable<IFeedRecordCheck> checks,
    CustomerKeyTokenizer tokenizer,
    IFeedStream stream,
    IMatchIndex matchIndex,
    IDeadLetterStore deadLetters,
    PayloadProtector protector,
    TimeProvider time,
    ILogger<FeedIngestor> logger)
{
    private readonly IReadOnlyList<IFeedRecordCheck> checks = checks.ToList();

    /// <param name="resubmitting">The dead letter being resubmitted: a renewed rejection updates it instead of adding another.</param>
    public async Task<RecordResult> IngestAsync(IngestSource source, IFeedParser parser, JsonElement data, string path, CancellationToken cancellationToken, string? resubmitting = null) =>
        (await IngestAsync(source, parser, [new IngestItem(data, path)], cancellationToken, resubmitting).ConfigureAwait(false))[0];

    /// <summary>
    /// Judges every record first (parse and checks, each seeing the ones accepted before it), keeps the
    /// rejected ones as dead letters, and only then publishes the accepted ones in order. Results are in
    /// the order of <paramref name="items"/>.
    /// </summary>
    public async Task<IReadOnlyList<RecordResult>> IngestAsync(IngestSource source, IFeedParser parser, IReadOnlyList<IngestItem> items, CancellationToken cancellationToken, string? resubmitting = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(items);
        using var activity = LifeWindowTelemetry.Source.StartActivity("lifewindow.ingest");
        activity?.SetTag("lifewindow.feed", source.Feed);
        activity?.SetTag("lifewindow.partner", source.Partner);
        activity?.SetTag("lifewindow.ingress_mode", source.Mode.ToString());
        activity?.SetTag("lifewindow.records", items.Count);
        var today = BusinessClock.Today(time);
        var judgments = new List<Judgment>(items.Count);
        var acceptable = new List<FeedRecord>();
        foreach (var item in items)
        {
            var judgment = await JudgeAsync(source, parser, item, today, acceptable, cancellationToken).ConfigureAwait(false);
            judgments.Add(judgment);
            if (judgment.Record is { } record)
            {
                acceptable.Add(record);
            }
        }

        var results = new RecordResult[judgments.Count];
        for (var i = 0; i < judgments.Count; i++)
        {
            if (judgments[i] is { Record: null } rejected)
            {
                var letterId = resubmitting ?? (await RejectAsync(source, parser.EventType, rejected.Path, rejected.Raw, rejected.Errors, rejected.Evidence, cancellationToken).ConfigureAwait(false)).Id;
                results[i] = new RecordResult(rejected.Path, rejected.RecordId, RecordResult.Rejected, rejected.Evidence, rejected.Errors.ToDictionary(), letterId);
            }
        }

        // The accepted records go out together: a transport that can packs them per customer into few messages.
        var acceptedJudgments = judgments.Where(j => j.Record is not null).ToList();
        if (acceptedJudgments.Count > 0)
        {
            var receivedAt = time.GetUtcNow();
            var traceParent = LifeWindowTelemetry.CurrentTraceParent;
            await stream.PublishBatchAsync([.. acceptedJudgments.Select(j => new FeedMessage(source.Feed, source.Partner, source.DeliveryId, receivedAt, j.Record!) { TraceParent = traceParent })], cancellationToken).ConfigureAwait(false);
        }

        LifeWindowTelemetry.RecordsJudged(source.Feed, acceptedJudgments.Count, judgments.Count - acceptedJudgments.Count);
        activity?.SetTag("lifewindow.records.accepted", acceptedJudgments.Count);

        for (var i = 0; i < judgments.Count; i++)
        {
            if (judgments[i] is { Record: { } record } accepted)
            {
                await AcceptedAsync(source, record, accepted.Context!, cancellationToken).ConfigureAwait(false);
                results[i] = new RecordResult(accepted.Path, record.RecordId, RecordResult.Accepted, accepted.Evidence);
            }
        }

        return results;
    }

    private async Task<Judgment> JudgeAsync(IngestSource source, IFeedParser parser, IngestItem item, DateOnly today, IReadOnlyList<FeedRecord> acceptedBefore, CancellationToken cancellationToken)
    {
        var (data, path) = item;
        var errors = new ValidationErrors();
        if (!JsonText.Check(data, path, errors))
        {
            var unsound = JsonText.RawText(data);
            return new Judgment(path, unsound, CustomerKeyTokenizer.EvidenceHash(unsound), null, null, errors, null);
        }

        // The evidence is hashed from the record's raw bytes (the UTF-8 of its text, checked sound above); its text is
        // made only for a record that is rejected, to be kept as a dead letter.
        var evidence = CustomerKeyTokenizer.EvidenceHash(JsonMarshal.GetRawUtf8Value(data));
        var context = new FeedParseContext(today, tokenizer, evidence);
        var record = parser.Parse(data, path, context, errors);
        if (record is not null)
        {
            var checkContext = new FeedCheckContext(source.Feed, source.Partner, path) { AcceptedBefore = acceptedBefore };
            foreach (var check in checks)
            {
                record = await check.CheckAsync(record, checkContext, errors, cancellationToken).ConfigureAwait(false);
            }
        }

        if (record is null || errors.Any)
        {
            var recordId = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("recordId", out var id) && id.ValueKind == JsonValueKind.String
                && JsonText.TryGetString(id, out var text) ? text : null;
            return new Judgment(path, data.GetRawText(), evidence, null, context, errors, recordId);
        }

        if (context.RetiredKeysOf(record.CustomerKey) is { Count: > 0 } previous)
        {
            record = record with { PreviousCustomerKeys = previous };
        }

        return new Judgment(path, string.Empty, evidence, record, context, errors, record.RecordId);
    }

    /// <summary>After publishing: index the record's matching tokens and tell the checks (e.g. the invoice registry).</summary>
    private async Task AcceptedAsync(IngestSource source, FeedRecord record, FeedParseContext context, CancellationToken cancellationToken)
    {
        if (context.MatchTokens.Count > 0)
        {
            await matchIndex.AddAsync(context.MatchTokens, cancellationToken).ConfigureAwait(false);
        }

        foreach (var check in checks)
        {
            await check.AcceptedAsync(record, cancellationToken).ConfigureAwait(false);
        }

        LogAccepted(logger, source.Feed, record.RecordId, source.Partner, source.Mode);
    }

    /// <summary>Keeps a payload that could not even be read as a record (e.g. malformed JSON) as a dead letter.</summary>
    public async Task<DeadLetter> RejectAsync(IngestSource source, string? eventType, string path, string raw, ValidationErrors errors, string? evidence, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var letter = new DeadLetter
        {
            Id = DeadLetterIds.New(now),
            Feed = source.Feed,
            EventType = eventType,
            Partner = source.Partner,
            Mode = source.Mode,
            DeliveryId = source.DeliveryId,
            Path = path,
            Reason = errors.ToString(),
            Errors = errors.ToDictionary(),
            EvidenceHash = evidence ?? CustomerKeyTokenizer.EvidenceHash(raw),
            ReceivedAt = now,
            ProtectedPayload = protector.Protect(raw.Length > DeadLetter.MaxKeptPayloadChars ? raw[..DeadLetter.MaxKeptPayloadChars] : raw),
            PayloadTruncatedFrom = raw.Length > DeadLetter.MaxKeptPayloadChars ? raw.Length : null,
        };
        await deadLetters.AddAsync(letter, cancellationToken).ConfigureAwait(false);
        LogRejected(logger, source.Feed, path, source.Partner, source.Mode, letter.Id, letter.Reason);
        return letter;
    }

    // Debug, not Information: a batch file is millions of records; the import report and metrics carry the counts.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Accepted {Feed} record {RecordId} from {Partner} ({Mode})")]
    private static partial void LogAccepted(ILogger logger, string feed, string recordId, string partner, IngressMode mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected {Feed} record at {Path} from {Partner} ({Mode}) as dead letter {DeadLetterId}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string feed, string path, string partner, IngressMode mode, string deadLetterId, string reason);

    /// <summary>What was decided about one record: the record to publish (with its parse context), or null and the errors.</summary>
    private sealed record Judgment(string Path, string Raw, string Evidence, FeedRecord? Record, FeedParseContext? Context, ValidationErrors Errors, string? RecordId);
}
