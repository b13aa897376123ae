using System.IO.Hashing;

namespace LifeWindow.Integration.Intents;

/// <summary>One labelled utterance: the catalog intents it expresses (none for small talk), its kind, its text.</summary>
public sealed record IntentExample(IReadOnlyList<string> Labels, IntentExampleKind Kind, string Text)
{
    public bool Has(string label) => Labels.Contains(label, StringComparer.Ordinal);
}

public enum IntentExampleKind
{
    Plain,

    /// <summary>The intent is implied, not named (「最近手头有点紧」, 「孩子明年高考」).</summary>
    Indirect,

    /// <summary>An intent's words, denied (「月供没什么压力」, 「不打算转贷」): labelled with no intent.</summary>
    Negation,
}

/// <summary>
/// The labelled call-transcript utterances the intent classifier learns from (integration/Intents/intents.v2.tsv,
/// embedded): <c>labels TAB kind TAB text</c>, labels comma-separated or <c>-</c>, <c>#</c> lines are comments.
/// </summary>
public sealed class IntentDataset
{
    public const string DefaultVersion = "intents.v2";

    /// <summary>Every n-th utterance of each (labels, kind) group, in hash order, is held out for evaluation (20%).</summary>
    public const int HeldOutEvery = 5;

    private static readonly Lazy<IntentDataset> Embedded = new(() =>
    {
        using var stream = typeof(IntentDataset).Assembly.GetManifestResourceStream("LifeWindow.Integration.Intents." + DefaultVersion + ".tsv")
            ?? throw new InvalidOperationException($"The embedded {DefaultVersion}.tsv is missing from the integration assembly.");
        return Load(new StreamReader(stream, Encoding.UTF8), DefaultVersion);
    });

    private IntentDataset(string version, IReadOnlyList<IntentExample> examples)
    {
        Version = version;
        Examples = examples;
        Labels = [.. examples.SelectMany(e => e.Labels).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The dataset committed with the code.</summary>
    public static IntentDataset Default => Embedded.Value;

    public string Version { get; }

    public IReadOnlyList<IntentExample> Examples { get; }

    /// <summary>The intents the examples name, ordinal-sorted: what a classifier trained on them can read.</summary>
    public IReadOnlyList<string> Labels { get; }

    public static IntentDataset Create(string version, IEnumerable<IntentExample> examples) => new(version, [.. examples]);

    public static IntentDataset Load(TextReader reader, string version)
    {
        var examples = new List<IntentExample>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var columns = line.Split('\t');
            if (columns.Length != 3 || !Enum.TryParse<IntentExampleKind>(columns[1], ignoreCase: true, out var kind) || columns[2].Length == 0)
            {
                throw new FormatException($"{version} line {lineNumber}: expected labels<TAB>plain|indirect|negation<TAB>text.");
            }

            IReadOnlyList<string> labels = columns[0] == "-" ? [] : [.. columns[0].Split(',').Order(StringComparer.Ordinal)];
            if (kind == IntentExampleKind.Negation && labels.Count > 0)
            {
                throw new FormatException($"{version} line {lineNumber}: a negation names no intent.");
            }

            examples.Add(new IntentExample(labels, kind, columns[2]));
        }

        return new IntentDataset(version, examples);
    }

    /// <summary>
    /// A deterministic, stratified split: within each (labels, kind) group, utterances ordered by the XxHash32 of their
    /// text, every <see cref="HeldOutEvery"/>-th goes to the held-out part. Independent of file order.
    /// </summary>
    public (IReadOnlyList<IntentExample> Train, IReadOnlyList<IntentExample> HeldOut) Split()
    {
        var train = new List<IntentExample>();
        var heldOut = new List<IntentExample>();
        foreach (var group in Examples.GroupBy(e => (string.Join(',', e.Labels), e.Kind)).OrderBy(g => g.Key.Item1, StringComparer.Ordinal).ThenBy(g => g.Key.Kind))
        {
            var ordered = group.OrderBy(e => XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(e.Text))).ThenBy(e => e.Text, StringComparer.Ordinal).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                (i % HeldOutEvery == HeldOutEvery - 1 ? heldOut : train).Add(ordered[i]);
            }
        }

        return (train, heldOut);
    }

    /// <summary>Null when the classifier's labels are the catalog's tags.intents keys, else what differs.</summary>
    public static string? LabelMismatch(string classifierVersion, IEnumerable<string> classifierLabels, string catalogVersion, IEnumerable<string> catalogIntents)
    {
        var known = classifierLabels.ToHashSet(StringComparer.Ordinal);
        var wanted = catalogIntents.ToHashSet(StringComparer.Ordinal);
        if (known.SetEquals(wanted))
        {
            return null;
        }

        var missing = wanted.Except(known).Order(StringComparer.Ordinal);
        var extra = known.Except(wanted).Order(StringComparer.Ordinal);
        return $"The intent classifier {classifierVersion} reads [{string.Join(", ", known.Order(StringComparer.Ordinal))}] but rule catalog {catalogVersion} " +
            $"declares tags.intents [{string.Join(", ", wanted.Order(StringComparer.Ordinal))}] (not learnt: [{string.Join(", ", missing)}]; not in the catalog: " +
            $"[{string.Join(", ", extra)}]). Label utterances for the catalog's intents in integration/Intents/{classifierVersion}.tsv, or change tags.intents (docs/models.md).";
    }
}
