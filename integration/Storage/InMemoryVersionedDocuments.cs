namespace LifeWindow.Integration.Storage;

/// <summary>
/// One document per key in process memory, with the Table stores' version semantics: every write stamps a new counter
/// value as the document's version (the ETag's stand-in); an insert (no version read) fails if the key is taken, a
/// replace fails unless the stored version is still the one read. The in-memory stores that read-modify-write use it.
/// </summary>
internal sealed class InMemoryVersionedDocuments<T>(Func<T, string> keyOf, Func<T, string?> versionOf, Func<T, string, T> withVersion)
    where T : class
{
    private readonly ConcurrentDictionary<string, T> documents = new(StringComparer.Ordinal);
    private long versions;

    public T? Read(string key) => documents.TryGetValue(key, out var document) ? document : null;

    public bool TryWrite(T document, string? version)
    {
        ArgumentNullException.ThrowIfNull(document);
        var key = keyOf(document);
        var stored = withVersion(document, Interlocked.Increment(ref versions).ToString(CultureInfo.InvariantCulture));
        if (version is null)
        {
            return documents.TryAdd(key, stored);
        }

        return documents.TryGetValue(key, out var current) && versionOf(current) == version && documents.TryUpdate(key, stored, current);
    }
}
