namespace LifeWindow.Integration.Storage;

/// <summary>
/// Facts as NDJSON, one logged fact a line: <c>{"recordedAt": "...", "record": {"$type": "...", ...}}</c>, the record in the
/// same JSON as on the stream and in the fact log (<see cref="LifeWindowJson.Options"/>). A bank exports its fact log this
/// way and backtests from the file. Files are read as a stream; a customer's lines must be consecutive (as the writer
/// and the Table scan produce them), so a reader holds one customer at a time.
/// </summary>
public static class FactNdjson
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static async Task<long> WriteAsync(Stream output, IAsyncEnumerable<LoggedFact> facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        long lines = 0;
        await foreach (var fact in facts.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(output, new FactLine(fact.RecordedAt, fact.Record), LifeWindowJson.Options, cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(NewLine, cancellationToken).ConfigureAwait(false);
            lines++;
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return lines;
    }

    /// <summary>One JSON line (no trailing newline) for a fact.</summary>
    public static string Line(LoggedFact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        return JsonSerializer.Serialize(new FactLine(fact.RecordedAt, fact.Record), LifeWindowJson.Options);
    }

    /// <summary>Every fact in file order; a line that is not a fact stops the read with its line number. Blank lines are skipped.</summary>
    public static async IAsyncEnumerable<LoggedFact> ReadAsync(Stream input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        long number = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return Parse(line, number);
        }
    }

    /// <summary>
    /// The file's facts grouped by customer, each customer's facts ordered by recorded time. The lines of a customer must be
    /// consecutive; a customer seen again after another one is an error naming the line (sort the export by customer).
    /// </summary>
    public static async IAsyncEnumerable<CustomerFacts> ReadCustomersAsync(Stream input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var finished = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        var facts = new List<LoggedFact>();
        long number = 0;
        await foreach (var fact in ReadAsync(input, cancellationToken).ConfigureAwait(false))
        {
            number++;
            var key = fact.Record.CustomerKey;
            if (current is not null && !string.Equals(current, key, StringComparison.Ordinal))
            {
                yield return new CustomerFacts(current, FactOrder.Ordered(facts));
                finished.Add(current);
                facts = [];
            }

            if (!string.Equals(current, key, StringComparison.Ordinal) && finished.Contains(key))
            {
                throw new InvalidDataException($"Fact {number}: customer {key} appears again after other customers; the file must keep each customer's facts together (sorted by customer).");
            }

            current = key;
            facts.Add(fact);
        }

        if (current is not null)
        {
            yield return new CustomerFacts(current, FactOrder.Ordered(facts));
        }
    }

    private static LoggedFact Parse(string line, long number)
    {
        FactLine? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<FactLine>(line, LifeWindowJson.Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Line {number} is not a fact: {ex.Message}", ex);
        }
        catch (NotSupportedException ex)
        {
            throw new InvalidDataException($"Line {number} is not a fact: {ex.Message}", ex);
        }

        if (parsed?.Record is null || parsed.RecordedAt == default)
        {
            throw new InvalidDataException($"Line {number} is not a fact: it needs \"recordedAt\" and \"record\".");
        }

        return new LoggedFact(parsed.Record, parsed.RecordedAt);
    }

    private sealed record FactLine(DateTimeOffset RecordedAt, FeedRecord Record);
}
