namespace LifeWindow.Domain.Windows;

/// <summary>
/// A rule condition over a customer's tags, as written in the catalog:
/// <c>{"all":[...]}</c>, <c>{"any":[...]}</c>, <c>{"not":{...}}</c> or a leaf
/// <c>{"tag":"Aum","lt":50000}</c> (see <see cref="TagCondition"/>).
/// </summary>
[JsonConverter(typeof(ConditionJsonConverter))]
public abstract record Condition;

public sealed record AllCondition(IReadOnlyList<Condition> Conditions) : Condition;

public sealed record AnyCondition(IReadOnlyList<Condition> Conditions) : Condition;

public sealed record NotCondition(Condition Condition) : Condition;

/// <summary>A leaf: compares one tag with an operand. A tag absent from the tag set makes the leaf false.</summary>
public sealed record TagCondition(string Tag, ConditionOp Op, Operand Operand) : Condition;

public enum ConditionOp
{
    Gt,
    Gte,
    Lt,
    Lte,
    Eq,
    In,
    Contains,
}

/// <summary>
/// The right-hand side of a leaf: exactly one of a number, a boolean, a string, a list of strings, or a
/// reference <c>"$name"</c> to one of the rule's thresholds (always a number).
/// </summary>
public sealed record Operand
{
    public decimal? Number { get; init; }

    public bool? Boolean { get; init; }

    public string? Text { get; init; }

    public IReadOnlyList<string>? List { get; init; }

    /// <summary>Name of the threshold, without the leading "$".</summary>
    public string? Threshold { get; init; }

    public override string ToString() =>
        Threshold is not null ? "$" + Threshold
        : Number is { } n ? n.ToString(CultureInfo.InvariantCulture)
        : Boolean is { } b ? (b ? "true" : "false")
        : Text ?? "[" + string.Join(", ", List ?? []) + "]";
}

/// <summary>Reads and writes the condition grammar; any shape outside it is a <see cref="JsonException"/>.</summary>
internal sealed class ConditionJsonConverter : JsonConverter<Condition>
{
    private static readonly Dictionary<string, ConditionOp> Ops = new(StringComparer.Ordinal)
    {
        ["gt"] = ConditionOp.Gt,
        ["gte"] = ConditionOp.Gte,
        ["lt"] = ConditionOp.Lt,
        ["lte"] = ConditionOp.Lte,
        ["eq"] = ConditionOp.Eq,
        ["in"] = ConditionOp.In,
        ["contains"] = ConditionOp.Contains,
    };

    public override Condition Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return Parse(document.RootElement);
    }

    public override void Write(Utf8JsonWriter writer, Condition value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        switch (value)
        {
            case AllCondition all:
                writer.WritePropertyName("all");
                WriteList(writer, all.Conditions, options);
                break;
            case AnyCondition any:
                writer.WritePropertyName("any");
                WriteList(writer, any.Conditions, options);
                break;
            case NotCondition not:
                writer.WritePropertyName("not");
                Write(writer, not.Condition, options);
                break;
            case TagCondition leaf:
                writer.WriteString("tag", leaf.Tag);
                writer.WritePropertyName(Ops.First(o => o.Value == leaf.Op).Key);
                WriteOperand(writer, leaf.Operand);
                break;
            default:
                throw new JsonException($"Unknown condition {value?.GetType().Name}.");
        }

        writer.WriteEndObject();
    }

    private static Condition Parse(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"A condition must be an object, not {element.ValueKind}.");
        }

        var properties = element.EnumerateObject().ToList();
        if (properties.Count == 1 && properties[0].Name is "all" or "any")
        {
            var list = properties[0].Value;
            if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                throw new JsonException($"'{properties[0].Name}' needs a non-empty list of conditions.");
            }

            var children = list.EnumerateArray().Select(Parse).ToList();
            return properties[0].Name == "all" ? new AllCondition(children) : new AnyCondition(children);
        }

        if (properties.Count == 1 && properties[0].Name == "not")
        {
            return new NotCondition(Parse(properties[0].Value));
        }

        var tag = properties.FirstOrDefault(p => p.Name == "tag");
        var others = properties.Where(p => p.Name != "tag").ToList();
        if (tag.Value.ValueKind != JsonValueKind.String)
        {
            var names = string.Join(", ", properties.Select(p => $"'{p.Name}'"));
            throw new JsonException($"Unknown condition with fields {names}: expected all, any, not, or a leaf with 'tag' and one of {string.Join(", ", Ops.Keys)}.");
        }

        if (others.Count != 1 || !Ops.TryGetValue(others[0].Name, out var op))
        {
            var names = string.Join(", ", others.Select(p => $"'{p.Name}'"));
            throw new JsonException($"Leaf on tag '{tag.Value.GetString()}' needs exactly one operator of {string.Join(", ", Ops.Keys)}; found {(names.Length == 0 ? "none" : names)}.");
        }

        return new TagCondition(tag.Value.GetString()!, op, ParseOperand(others[0].Value, tag.Value.GetString()!));
    }

    private static Operand ParseOperand(JsonElement value, string tag) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDecimal(out var number) => new Operand { Number = number },
        JsonValueKind.True => new Operand { Boolean = true },
        JsonValueKind.False => new Operand { Boolean = false },
        JsonValueKind.String when value.GetString() is ['$', .. var name] => new Operand { Threshold = name },
        JsonValueKind.String => new Operand { Text = value.GetString() },
        JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
            new Operand { List = value.EnumerateArray().Select(v => v.GetString()!).ToList() },
        _ => throw new JsonException($"Leaf on tag '{tag}' has an operand that is not a number, boolean, string or list of strings."),
    };

    private void WriteList(Utf8JsonWriter writer, IReadOnlyList<Condition> conditions, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var condition in conditions)
        {
            Write(writer, condition, options);
        }

        writer.WriteEndArray();
    }

    private static void WriteOperand(Utf8JsonWriter writer, Operand operand)
    {
        if (operand.Threshold is not null)
        {
            writer.WriteStringValue("$" + operand.Threshold);
        }
        else if (operand.Number is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else if (operand.Boolean is { } boolean)
        {
            writer.WriteBooleanValue(boolean);
        }
        else if (operand.Text is not null)
        {
            writer.WriteStringValue(operand.Text);
        }
        else
        {
            writer.WriteStartArray();
            foreach (var item in operand.List ?? [])
            {
                writer.WriteStringValue(item);
            }

            writer.WriteEndArray();
        }
    }
}
