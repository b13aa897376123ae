namespace LifeWindow.Integration.Tests.GovernmentFeeds;

public enum FieldKind
{
    Text,
    Money,
    Positive,
    Enum,
    Instant,
    ResidentId,
    Uscc,
    InvoiceNumber,
    SchemaVersion,
}

/// <summary>One field of a valid record broken in one way, the path the error must name and a phrase of its message.</summary>
public sealed record Corruption(string Name, string Path, string Reason, Action<JsonObject> Apply)
{
    public override string ToString() => $"{Name} → {Path}: {Reason}";

    /// <summary>The ways a field of <paramref name="kind"/> can be broken; <paramref name="field"/> may be nested ("owners[0].idNumber").</summary>
    public static IEnumerable<Corruption> Of(string field, FieldKind kind)
    {
        var path = "data." + field;
        Corruption Set(string name, JsonNode? value, string reason) => new($"{field} {name}", path, reason, data => JsonEdit.Set(data, field, value?.DeepClone()));
        Corruption Edit(string name, Func<string, string> edit, string reason) => new($"{field} {name}", path, reason, data => JsonEdit.Set(data, field, edit(JsonEdit.Get(data, field)!.GetValue<string>())));

        yield return new($"{field} missing", path, "is required", data => JsonEdit.Remove(data, field));
        yield return Set("null", null, "is required");
        switch (kind)
        {
            case FieldKind.Text:
                yield return Set("wrong type", 42, "must be a string");
                yield return Set("blank", "  ", "must not be empty");
                yield return Set("too long", new string('x', 300), "at most");
                break;
            case FieldKind.Money:
                yield return Set("negative", -1.50m, "must not be negative");
                yield return Set("3 decimals", 12.345m, "at most 2 decimal places");
                yield return Set("wrong type", "12.34", "must be a number");
                break;
            case FieldKind.Positive:
                yield return Set("zero", 0, "must be greater than 0");
                yield return Set("negative", -1.50m, "must not be negative");
                yield return Set("3 decimals", 12.345m, "at most 2 decimal places");
                yield return Set("wrong type", "12.34", "must be a number");
                break;
            case FieldKind.Enum:
                yield return Set("unknown", "Unknown", "is not one of");
                yield return Set("numeric", "1", "is not one of");
                yield return Edit("lower case", s => s.ToLowerInvariant(), "is not one of");
                yield return Set("wrong type", 1, "must be a string");
                break;
            case FieldKind.Instant:
                yield return Set("no such day", "2026-02-30T10:00:00+08:00", "ISO 8601");
                yield return Set("no offset", "2026-11-01T10:00:00", "ISO 8601");
                yield return Set("date only", "2026-11-01", "ISO 8601");
                yield return Set("words", "yesterday", "ISO 8601");
                yield return Set("future", "2027-01-01T00:00:00+08:00", "must not be in the future");
                yield return Set("ancient", "1899-12-31T00:00:00+08:00", "must not be before");
                yield return Set("wrong type", 1_764_000_000, "must be a string");
                break;
            case FieldKind.ResidentId:
                yield return Edit("wrong check character", id => id[..17] + (char.ToUpperInvariant(id[17]) == '0' ? '1' : '0'), "check character");
                yield return Edit("17 characters", id => id[..17], "must be 18 characters");
                yield return Edit("no such birth date", id => id[..6] + "19881350" + id[14..], "birth date");
                yield return Set("wrong type", 310104198805120000, "must be a string");
                break;
            case FieldKind.Uscc:
                yield return Edit("wrong check character", code => code[..17] + NextUsccChar(code[17]), "check character");
                yield return Edit("letter I", code => code[..3] + "I" + code[4..], "is not allowed");
                yield return Edit("17 characters", code => code[..17], "must be 18 characters");
                yield return Set("wrong type", 913101, "must be a string");
                break;
            case FieldKind.InvoiceNumber:
                yield return Edit("19 digits", number => number[..19], "exactly 20 digits");
                yield return Edit("a letter", number => number[..10] + "A" + number[11..], "exactly 20 digits");
                yield return Set("wrong type", 26312000000012345678m, "must be a string");
                break;
            case FieldKind.SchemaVersion:
                yield return Set("version 2", 2, "between 1 and 1");
                yield return Set("wrong type", "1", "must be a whole number");
                break;
        }
    }

    /// <summary>Any JSON value at all, to show that no input makes a parser throw.</summary>
    public static readonly Gen<JsonNode?> AnyJson = Gen.OneOf<JsonNode?>(
        Gen.Const((JsonNode?)null),
        Gen.Bool.Select(b => (JsonNode?)b),
        Gen.Long.Select(n => (JsonNode?)n),
        Gen.Double.Where(double.IsFinite).Select(d => (JsonNode?)d),
        Gen.Decimal.Select(d => (JsonNode?)d),
        Gen.String.Select(s => (JsonNode?)s),
        Gen.Char.Array[0, 30].Select(c => (JsonNode?)new string(c)),
        Gen.Const<JsonNode?>(() => new JsonObject { ["x"] = 1 }),
        Gen.Const<JsonNode?>(() => new JsonArray(1, "a", null)),
        Gen.OneOf("1e400", "-0", "2026-13-01T00:00:00+08:00", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "Normal", "SharingWith").Select(s => (JsonNode?)s));

    private static char NextUsccChar(char c)
    {
        var alphabet = FeedGen.UsccAlphabet;
        var index = alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
        return alphabet[(index + 1) % alphabet.Length];
    }
}

/// <summary>Reads and edits a field of a JSON object by a path such as "owners[0].idNumber".</summary>
internal static class JsonEdit
{
    public static JsonNode? Get(JsonObject root, string path)
    {
        var (parent, last) = Parent(root, path);
        return Step(parent, last);
    }

    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var (parent, last) = Parent(root, path);
        var (name, index) = Split(last);
        if (index is { } i)
        {
            parent![name]!.AsArray()[i] = value;
        }
        else
        {
            parent!.AsObject()[name] = value;
        }
    }

    public static void Remove(JsonObject root, string path)
    {
        var (parent, last) = Parent(root, path);
        var (name, index) = Split(last);
        if (index is { } i)
        {
            parent![name]!.AsArray().RemoveAt(i);
        }
        else
        {
            parent!.AsObject().Remove(name);
        }
    }

    private static (JsonNode? Parent, string Last) Parent(JsonObject root, string path)
    {
        var segments = path.Split('.');
        JsonNode? node = root;
        foreach (var segment in segments[..^1])
        {
            node = Step(node, segment);
        }

        return (node, segments[^1]);
    }

    private static JsonNode? Step(JsonNode? node, string segment)
    {
        var (name, index) = Split(segment);
        var child = node![name];
        return index is { } i ? child![i] : child;
    }

    private static (string Name, int? Index) Split(string segment)
    {
        var open = segment.IndexOf('[', StringComparison.Ordinal);
        return open < 0 ? (segment, null) : (segment[..open], int.Parse(segment[(open + 1)..^1], CultureInfo.InvariantCulture));
    }
}

/// <summary>The two properties every parser must have, run the same way for each.</summary>
internal static class ParserProperties
{
    /// <summary>Each corruption of a valid record is rejected with an error at its path, and at no other path.</summary>
    public static void CorruptionsAreRejectedAtTheirPath(IFeedParser parser, Gen<JsonObject> valid, IReadOnlyList<Corruption> corruptions) =>
        Gen.Select(valid, Gen.Int[0, corruptions.Count - 1]).Sample((data, which) =>
        {
            var corruption = corruptions[which];
            corruption.Apply(data);
            var (record, errors) = FeedGen.Parse(parser, data);

            Assert.Null(record);
            var found = errors.ToDictionary();
            Assert.True(found.TryGetValue(corruption.Path, out var messages), $"{corruption}: got {errors}");
            Assert.True(messages.Any(m => m.Contains(corruption.Reason, StringComparison.Ordinal)), $"{corruption}: got {errors}");
            Assert.True(found.Keys.All(k => k == corruption.Path), $"{corruption}: errors elsewhere too: {errors}");
        }, iter: FeedGen.Iterations, threads: 1);

    /// <summary>Any JSON value in any field (or in place of the record) gives a record or errors, never an exception.</summary>
    public static void AnyValueAnywhereNeverThrows(IFeedParser parser, Gen<JsonObject> valid, IReadOnlyList<string> fields) =>
        Gen.Select(valid, Gen.Int[-1, fields.Count - 1], Corruption.AnyJson).Sample((data, which, value) =>
        {
            JsonNode? input = data;
            if (which < 0)
            {
                input = value;
            }
            else
            {
                JsonEdit.Set(data, fields[which], value);
            }

            var (record, errors) = FeedGen.Parse(parser, input);
            Assert.Equal(record is null, errors.Any);
        }, iter: FeedGen.Iterations, threads: 1);
}
