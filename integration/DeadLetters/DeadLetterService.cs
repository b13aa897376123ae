namespace LifeWindow.Integration.DeadLetters;

/// <summary>
/// Operator actions on dead letters: list them, and resubmit selected ones after a fix. A resubmission
/// runs the quarantined payload through today's parsers and checks; if it passes it goes on to the
/// stream and the letter is marked Resubmitted, otherwise it stays Open with the new reasons.
/// </summary>
public sealed partial class DeadLetterService(
    IDeadLetterStore store, FeedParsers parsers, FeedIngestor ingestor, PayloadProtector protector, CustomerKeyTokenizer tokenizer, TimeProvider time)
{
    /// <summary>
    /// Erases the customer's dead letters: those whose quarantined payload holds a resident ID number that tokenizes to
    /// <paramref name="customerKey"/> (a rejected record was never tokenized, so its payload is the only place the person
    /// is named). Every letter is decrypted once to look; the others are left as they were.
    /// </summary>
    public async Task<int> EraseCustomerAsync(string customerKey, CancellationToken cancellationToken)
    {
        var erased = 0;
        var today = BusinessClock.Today(time);
        var theirs = new List<string>();
        await foreach (var letter in store.ListAsync(null, null, cancellationToken).ConfigureAwait(false))
        {
            var payload = protector.Unprotect(letter.ProtectedPayload);
            if (IdNumberLike().Matches(payload).Any(m => ResidentIdNumber.TryParse(m.Value, today, out var id, out _) && tokenizer.CustomerKey(id!) == customerKey))
            {
                theirs.Add(letter.Id);
            }
        }

        foreach (var id in theirs)
        {
            erased += await store.DeleteAsync(id, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return erased;
    }

    [GeneratedRegex("(?<![0-9])[0-9]{17}[0-9Xx](?![0-9Xx])")]
    private static partial Regex IdNumberLike();

    public IAsyncEnumerable<DeadLetter> ListAsync(string? feed, DeadLetterStatus? status, CancellationToken cancellationToken) =>
        store.ListAsync(feed, status, cancellationToken);

    public async Task<ResubmitResult> ResubmitAsync(string id, CancellationToken cancellationToken)
    {
        var letter = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (letter is null)
        {
            return new ResubmitResult(id, ResubmitStatus.NotFound, null);
        }

        if (letter.Status == DeadLetterStatus.Resubmitted)
        {
            return new ResubmitResult(id, ResubmitStatus.AlreadyResubmitted, null);
        }

        var parser = letter.EventType is null ? null : parsers.Find(letter.Feed, letter.EventType);
        if (parser is null)
        {
            return new ResubmitResult(id, ResubmitStatus.NotARecord, null);
        }

        JsonElement data;
        try
        {
            using var document = JsonDocument.Parse(protector.Unprotect(letter.ProtectedPayload));
            data = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return new ResubmitResult(id, ResubmitStatus.NotARecord, null);
        }

        var source = new IngestSource(letter.Feed, letter.Partner, IngressMode.Resubmit, letter.Id);
        var result = await ingestor.IngestAsync(source, parser, data, letter.Path, cancellationToken, resubmitting: letter.Id).ConfigureAwait(false);
        if (result.IsAccepted)
        {
            await store.UpdateAsync(letter with { Status = DeadLetterStatus.Resubmitted, ResubmittedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
            return new ResubmitResult(id, ResubmitStatus.Accepted, result);
        }

        await store.UpdateAsync(letter with { Reason = ValidationErrors.Describe(result.Errors!), Errors = result.Errors! }, cancellationToken).ConfigureAwait(false);
        return new ResubmitResult(id, ResubmitStatus.StillRejected, result);
    }
}

public enum ResubmitStatus
{
    Accepted,
    StillRejected,
    NotFound,
    AlreadyResubmitted,

    /// <summary>The letter is a whole delivery that could not be read as records (e.g. malformed JSON); the partner must resend it.</summary>
    NotARecord,
}

public sealed record ResubmitResult(string Id, ResubmitStatus Status, RecordResult? Result);
