namespace LifeWindow.Integration.Feeds;

/// <summary>Validation errors keyed by JSON path ("data.idNumber"), as RFC 7807 "errors" reports them.</summary>
public sealed class ValidationErrors
{
    /// <summary>
    /// A hostile record can be wrong in thousands of places; listing them all would make the response, the
    /// dead letter and the log line as large as the record. The first ones say enough.
    /// </summary>
    public const int MaxPaths = 50;

    public const string MorePath = "(more)";

    private const int MaxMessagesPerPath = 5;

    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);
    private int unlisted;

    public bool Any => errors.Count > 0;

    public void Add(string path, string message)
    {
        if (!errors.TryGetValue(path, out var list))
        {
            if (errors.Count >= MaxPaths)
            {
                unlisted++;
                return;
            }

            errors[path] = list = [];
        }

        if (list.Count >= MaxMessagesPerPath)
        {
            unlisted++;
            return;
        }

        list.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary()
    {
        var all = errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
        if (unlisted > 0)
        {
            all[MorePath] = [$"{unlisted} more errors not listed"];
        }

        return all;
    }

    public override string ToString() => Describe(ToDictionary());

    /// <summary>One line naming every error: "data.period: must be …; data.status: …" (the dead-letter reason).</summary>
    public static string Describe(IDictionary<string, string[]> errors) =>
        string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
}
