using System.Security.Cryptography;
using System.Text;

namespace LifeWindow.Domain.Demand;

/// <summary>
/// The demand model's inputs, in a fixed order: what a window's customer looks like in their profile tags as of the
/// moment the window is scored, plus which rule opened it. Built from the tag registry (<see cref="TagDefinitions"/>) and
/// the catalog (its AUM tiers, intents and rules), so a model trained on one feature set can be recognised — by
/// <see cref="Hash"/> — as not fitting another. Number tags give their value and a "known" flag (a missing tag is not a
/// zero); booleans give 1/0; text tags one-hot per allowed value; set tags one flag per member; the rule one-hot.
/// </summary>
public sealed class DemandFeatureSet
{
    /// <summary>Bump when the way tags become numbers changes (the names alone would not show it).</summary>
    public const string Version = "demand-features.v1";

    private readonly Dictionary<string, int> index;
    private readonly List<(string Tag, TagType Type, int Slot)> tagSlots;

    private DemandFeatureSet(IReadOnlyList<string> names, List<(string Tag, TagType Type, int Slot)> tagSlots)
    {
        Names = names;
        this.tagSlots = tagSlots;
        index = names.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        Hash = HashOf(names);
    }

    /// <summary>Feature names in vector order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>First 16 hex digits of the SHA-256 of <see cref="Version"/> and the names: what a saved model is checked against.</summary>
    public string Hash { get; }

    public int Count => Names.Count;

    public static DemandFeatureSet For(RuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var names = new List<string>();
        var slots = new List<(string, TagType, int)>();
        foreach (var definition in TagDefinitions.All.Values.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            slots.Add((definition.Name, definition.Type, names.Count));
            switch (definition.Type)
            {
                case TagType.Number:
                    names.Add(definition.Name);
                    names.Add(definition.Name + ".known");
                    break;
                case TagType.Boolean:
                    names.Add(definition.Name);
                    break;
                default:
                    names.AddRange(ValuesOf(definition, catalog).Select(v => $"{definition.Name}={v}"));
                    break;
            }
        }

        names.AddRange(catalog.Rules.Where(r => r.Category == RuleCategory.Marketing).Select(r => r.Id).Order(StringComparer.Ordinal).Select(id => "Rule=" + id));
        return new DemandFeatureSet(names, slots);
    }

    /// <summary>The feature vector of a window of <paramref name="ruleId"/> for a customer with these tags.</summary>
    public float[] Vector(TagSet tags, string ruleId)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var vector = new float[Names.Count];
        foreach (var (name, type, slot) in tagSlots)
        {
            if (tags.Get(name) is not { } tag)
            {
                continue;
            }

            switch (type)
            {
                case TagType.Number when tag.Number is { } number:
                    vector[slot] = (float)number;
                    vector[slot + 1] = 1f;
                    break;
                case TagType.Boolean:
                    vector[slot] = tag.Boolean == true ? 1f : 0f;
                    break;
                case TagType.Text:
                    Set(vector, $"{name}={tag.Value}");
                    break;
                case TagType.Set:
                    foreach (var member in tag.Members)
                    {
                        Set(vector, $"{name}={member}");
                    }

                    break;
            }
        }

        Set(vector, "Rule=" + ruleId);
        return vector;
    }

    /// <summary>
    /// Why a model's feature list does not fit this one, naming the difference (null when it fits): the features it was
    /// trained on that this code does not compute, and the ones this code computes that it never saw.
    /// </summary>
    public string? Mismatch(IReadOnlyList<string> modelFeatures)
    {
        ArgumentNullException.ThrowIfNull(modelFeatures);
        if (modelFeatures.SequenceEqual(Names, StringComparer.Ordinal))
        {
            return null;
        }

        var missing = modelFeatures.Except(Names, StringComparer.Ordinal).ToList();
        var unseen = Names.Except(modelFeatures, StringComparer.Ordinal).ToList();
        return missing.Count == 0 && unseen.Count == 0
            ? $"the model's {modelFeatures.Count} features are this code's {Count} in a different order"
            : $"the model has {modelFeatures.Count} features, this code computes {Count} ({Version}, hash {Hash}); "
                + $"not computed here: [{Describe(missing)}]; not known to the model: [{Describe(unseen)}]";
    }

    public static string HashOf(IEnumerable<string> names) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Version + "\n" + string.Join("\n", names))).AsSpan(0, 8));

    private static string Describe(List<string> names) => names.Count <= 8 ? string.Join(", ", names) : string.Join(", ", names.Take(8)) + $", … ({names.Count - 8} more)";

    private void Set(float[] vector, string name)
    {
        // A value the catalog does not list (an AUM tier renamed in a newer catalog) has no slot: it is left out, not a crash.
        if (index.TryGetValue(name, out var slot))
        {
            vector[slot] = 1f;
        }
    }

    private static IEnumerable<string> ValuesOf(TagDefinition definition, RuleCatalog catalog) => definition.Values ?? definition.Name switch
    {
        TagNames.AumTier => catalog.Tags.AumTiers.Select(t => t.Name),
        TagNames.Intents => catalog.Tags.Intents.Keys.Order(StringComparer.Ordinal),
        _ => throw new InvalidOperationException($"Tag {definition.Name} has no list of values for the demand model's one-hot features."),
    };
}
