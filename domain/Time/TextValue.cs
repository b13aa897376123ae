namespace LifeWindow.Domain.Time;

/// <summary>A value that JSON carries as its text ("2026-10", "2026-Q3"): it parses and prints itself.</summary>
public interface ITextValue<TSelf>
    where TSelf : struct, ITextValue<TSelf>
{
    /// <summary>What the text must look like, for the error message ("a month as yyyy-MM").</summary>
    static abstract string TextDescription { get; }

    static abstract bool TryParse(string? text, out TSelf value);
}

/// <summary>Reads and writes any <see cref="ITextValue{TSelf}"/> as a JSON string.</summary>
internal sealed class TextValueJsonConverter<T> : JsonConverter<T>
    where T : struct, ITextValue<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        T.TryParse(reader.GetString(), out var value) ? value : throw new JsonException($"Expected {T.TextDescription}.");

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
