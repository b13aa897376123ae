using Microsoft.Extensions.Http;

namespace LifeWindow.Integration.Pulls;

public enum PullRunStatus
{
    /// <summary>The pull is switched off (Pulls:&lt;Job&gt;:Enabled is false): nothing was fetched.</summary>
    Disabled,

    /// <summary>Another run of the same job holds the cursor: this one did nothing.</summary>
    Busy,

    /// <summary>The partner said there is nothing more for now.</summary>
    CaughtUp,

    /// <summary>Stopped after MaxPagesPerRun pages; the next occurrence carries on.</summary>
    PageLimitReached,
}

public sealed record PullRunResult(string Job, PullRunStatus Status, int Pages, int Accepted, int Rejected, int Skipped);

/// <summary>
/// One scheduled run of a pull job: claim the job's cursor (so runs never overlap), then page through the
/// partner's records from where the last run stopped. Every record goes through <see cref="FeedIngestor"/>
/// like a webhook's (accepted to the stream or kept as a dead letter). The cursor is saved after each
/// page is fully ingested, so a crash resumes at the last completed page — no gaps, and a completed page
/// is never fetched again. If a run stops part-way through a page (cancelled, or the stream failed), it
/// also saves how many records at the head of that page it ingested, with a digest of them, and the next
/// run skips exactly those if the partner serves the same page again. Only a hard crash mid-page makes
/// the next run publish that page's head again, which the consumer absorbs (fact log and profile fold
/// dedupe by evidence hash; windows and workflows are keyed by window id).
/// </summary>
public sealed partial class PullJobRunner(
    IOptionsMonitor<PullOptions> options,
    FeedParsers parsers,
    FeedIngestor ingestor,
    ICursorStore cursors,
    IHttpClientFactory httpClients,
    ITypedHttpClientFactory<PartnerPullClient> pullClients,
    TimeProvider time,
    ILogger<PullJobRunner> logger)
{
    public async Task<PullRunResult> RunAsync(string job, CancellationToken cancellationToken)
    {
        var feed = PullJobs.FeedOf(job);
        var settings = options.Get(job);
        if (!settings.Enabled)
        {
            LogDisabled(logger, job);
            return new PullRunResult(job, PullRunStatus.Disabled, 0, 0, 0, 0);
        }

        var route = RecordRoute.For(job, feed, settings, parsers);
        var client = pullClients.CreateClient(httpClients.CreateClient(PartnerPullClient.HttpClientName(job)));

        var owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        var lease = await cursors.TryAcquireAsync(job, owner, time.GetUtcNow(), settings.Lease, cancellationToken).ConfigureAwait(false);
        if (lease is null)
        {
            LogBusy(logger, job);
            return new PullRunResult(job, PullRunStatus.Busy, 0, 0, 0, 0);
        }

        var (pages, accepted, rejected, skipped) = (0, 0, 0, 0);
        try
        {
            while (pages < settings.MaxPagesPerRun)
            {
                var position = lease.Position;
                var page = await client.FetchAsync(position.Cursor, settings.PageSize, cancellationToken).ConfigureAwait(false);
                var evidence = page.Records.Select(r => CustomerKeyTokenizer.EvidenceHash(r.GetRawText())).ToList();
                var done = AlreadyIngested(position, evidence);
                if (position.PageRecordsDone > 0 && done == 0)
                {
                    LogPageChanged(logger, job, position.PageRecordsDone);
                }

                skipped += done;
                var resumedAt = done;
                var source = new IngestSource(feed, settings.Partner!, IngressMode.Pull, DeliveryId(job, position.Cursor));
                try
                {
                    for (; done < page.Records.Count; done++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (await IngestAsync(source, route, page.Records[done], $"records[{done}]", cancellationToken).ConfigureAwait(false))
                        {
                            accepted++;
                        }
                        else
                        {
                            rejected++;
                        }
                    }
                }
                catch (Exception ex) when (done > resumedAt)
                {
                    lease = await SavePartialAsync(lease, position, done, done - resumedAt, evidence, ex).ConfigureAwait(false);
                    throw;
                }

                // The page is in: record that even if we are being cancelled, or the next run would fetch it again.
                var next = Advance(position, page, evidence, done - resumedAt);
                if (done > resumedAt || next.Cursor != position.Cursor || next.PageRecordsDone != position.PageRecordsDone)
                {
                    lease = await cursors.SaveAsync(lease, next, time.GetUtcNow() + settings.Lease, CancellationToken.None).ConfigureAwait(false);
                    pages++;
                    LogPage(logger, job, pages, page.Records.Count, done - resumedAt, page.HasMore);
                }

                if (!page.HasMore)
                {
                    if (accepted + rejected > 0)
                    {
                        LogCaughtUp(logger, job, pages, accepted, rejected);
                    }
                    else
                    {
                        LogNothingNew(logger, job);
                    }

                    return new PullRunResult(job, PullRunStatus.CaughtUp, pages, accepted, rejected, skipped);
                }
            }

            LogPageLimit(logger, job, pages);
            return new PullRunResult(job, PullRunStatus.PageLimitReached, pages, accepted, rejected, skipped);
        }
        finally
        {
            try
            {
                await cursors.ReleaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The lease expires on its own; the position is already saved.
                LogReleaseFailed(logger, ex, job);
            }
        }

        // Returns the lease as it now stands, so the release that follows matches the row's version.
        async Task<CursorLease> SavePartialAsync(CursorLease held, PullCursor position, int done, int ingested, IReadOnlyList<string> evidence, Exception cause)
        {
            try
            {
                var partial = position with { PageRecordsDone = done, PageDigest = Digest(evidence, done), Records = position.Records + ingested, UpdatedAt = time.GetUtcNow() };
                var saved = await cursors.SaveAsync(held, partial, time.GetUtcNow() + settings.Lease, CancellationToken.None).ConfigureAwait(false);
                LogStoppedMidPage(logger, cause, job, done, evidence.Count);
                return saved;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Without it the next run publishes this page's head again; the consumer dedupes it.
                LogPartialSaveFailed(logger, ex, job);
                return held;
            }
        }
    }

    /// <summary>
    /// One page record: a bare record goes to the job's one parser; an envelope to the parser of its "type".
    /// An envelope that is malformed or names a type this job does not carry is a dead letter (the page goes on).
    /// </summary>
    private async Task<bool> IngestAsync(IngestSource source, RecordRoute route, JsonElement record, string path, CancellationToken cancellationToken)
    {
        if (route.Single is { } parser)
        {
            return (await ingestor.IngestAsync(source, parser, record, path, cancellationToken).ConfigureAwait(false)).IsAccepted;
        }

        var errors = new ValidationErrors();
        string? type = null;
        if (record.ValueKind != JsonValueKind.Object
            || !record.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String
            || !record.TryGetProperty("data", out var data))
        {
            errors.Add(path, $"must be an envelope {{\"type\": \"<event type>\", \"data\": {{...}}}}: {route.Section}:EventTypes is set, so records name their type");
        }
        else if (route.ByType.GetValueOrDefault(type = typeElement.GetString()!) is not { } typed)
        {
            errors.Add($"{path}.type", $"'{Shorten(type)}' is not an event type of this pull (expected one of: {string.Join(", ", route.ByType.Keys.Order(StringComparer.Ordinal))})");
        }
        else
        {
            return (await ingestor.IngestAsync(source, typed, data, $"{path}.data", cancellationToken).ConfigureAwait(false)).IsAccepted;
        }

        var raw = record.GetRawText();
        await ingestor.RejectAsync(source, type is null ? null : Shorten(type), path, raw, errors, CustomerKeyTokenizer.EvidenceHash(raw), cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <summary>A partner-given type goes into a dead letter's reason and event type; it is not ours, so it is kept short.</summary>
    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";

    /// <summary>"Which page, from where" for dead letters: the job and the cursor the page was fetched with.</summary>
    public static string DeliveryId(string job, string? cursor) => $"pull:{job}@{cursor ?? "start"}";

    /// <summary>SHA-256 over the first <paramref name="count"/> records' evidence hashes: identifies the head of a page already ingested.</summary>
    public static string Digest(IReadOnlyList<string> evidence, int count) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', evidence.Take(count)))));

    /// <summary>How many records at the head of this page an earlier run already ingested (0 when the page is not the one it saw).</summary>
    private static int AlreadyIngested(PullCursor position, IReadOnlyList<string> evidence) =>
        position.PageRecordsDone > 0 && position.PageRecordsDone <= evidence.Count && Digest(evidence, position.PageRecordsDone) == position.PageDigest
            ? position.PageRecordsDone
            : 0;

    /// <summary>
    /// Where the next run starts once a page is in: the partner's next cursor; or, at the end of the data
    /// without a new cursor, this same page with all its records marked done, so records the partner
    /// appends to it later are the only ones ingested next time.
    /// </summary>
    private PullCursor Advance(PullCursor position, PulledPage page, IReadOnlyList<string> evidence, int ingested)
    {
        var stats = new PullCursor { Pages = position.Pages + 1, Records = position.Records + ingested, UpdatedAt = time.GetUtcNow() };
        return page.NextCursor is { } next && next != position.Cursor
            ? stats with { Cursor = next }
            : stats with { Cursor = position.Cursor, PageRecordsDone = evidence.Count, PageDigest = evidence.Count == 0 ? null : Digest(evidence, evidence.Count) };
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pull {Job} is disabled; nothing to do")]
    private static partial void LogDisabled(ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pull {Job} is already running elsewhere (its cursor is leased); skipping this occurrence")]
    private static partial void LogBusy(ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pull {Job}: the page at the saved cursor is not the one a stopped run had ingested {Done} records of; ingesting it whole (the consumer dedupes)")]
    private static partial void LogPageChanged(ILogger logger, string job, int done);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pull {Job}: page {Page} done ({Records} records, {Ingested} ingested now, more: {HasMore}); cursor saved")]
    private static partial void LogPage(ILogger logger, string job, int page, int records, int ingested, bool hasMore);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pull {Job} caught up after {Pages} pages: {Accepted} accepted, {Rejected} kept as dead letters")]
    private static partial void LogCaughtUp(ILogger logger, string job, int pages, int accepted, int rejected);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pull {Job}: nothing new at the partner")]
    private static partial void LogNothingNew(ILogger logger, string job);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pull {Job} stopped after {Pages} pages (MaxPagesPerRun); the next occurrence carries on")]
    private static partial void LogPageLimit(ILogger logger, string job, int pages);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pull {Job} stopped after {Done} of {Count} records of a page; saved that, the next run resumes after them")]
    private static partial void LogStoppedMidPage(ILogger logger, Exception exception, string job, int done, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Pull {Job}: could not save progress within a page; the next run publishes its head again")]
    private static partial void LogPartialSaveFailed(ILogger logger, Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pull {Job}: could not release the cursor lease; it expires on its own")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string job);
}

/// <summary>Where a job's page records go: its one parser (bare records), or a parser per envelope type.</summary>
internal sealed record RecordRoute(string Section, IFeedParser? Single, IReadOnlyDictionary<string, IFeedParser> ByType)
{
    public static RecordRoute For(string job, string feed, PullOptions settings, FeedParsers parsers)
    {
        var section = PullJobs.SectionOf(job);
        var byType = new Dictionary<string, IFeedParser>(StringComparer.Ordinal);
        foreach (var type in settings.ConfiguredEventTypes)
        {
            // Validated at start-up; a miss here means the options changed underneath a running host.
            byType[type] = parsers.Find(feed, type)
                ?? throw new InvalidOperationException($"{section}: event type '{type}' has no parser for feed '{feed}'.");
        }

        if (byType.Count == 0)
        {
            throw new InvalidOperationException($"{section}: neither EventType nor EventTypes is set.");
        }

        return new RecordRoute(section, settings.Envelopes ? null : byType.Values.Single(), byType);
    }
}
