namespace LifeWindow.Integration.Feeds;

/// <summary>Validation errors keyed by JSON path ("data.idNumber"), as RFC 7807 "errors" reports them.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public void Add(string path, string message)
    {
        if (!errors.TryGetValue(path, out var list))
        {
            errors[path] = list = [];
        }

        list.Add(message);
    }

    public IDictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public override string ToString() => Describe(ToDictionary());

    /// <summary>One line naming every error: "data.period: must be …; data.status: …" (the dead-letter reason).</summary>
    public static string Describe(IDictionary<string, string[]> errors) =>
        string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}"));
}
