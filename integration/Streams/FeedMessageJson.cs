namespace LifeWindow.Integration.Streams;

/// <summary>
/// The feed stream's message text: one <see cref="FeedMessage"/>, or a batch <c>{"messages":[…]}</c> of several (one
/// customer's records of a delivery travel together, so the consumer folds them in one read-modify-write).
/// </summary>
public static class FeedMessageJson
{
    private const string BatchProperty = "messages";

    public static string Serialize(FeedMessage message) => JsonSerializer.Serialize(message, LifeWindowJson.Options);

    public static FeedMessage Deserialize(string json) =>
        JsonSerializer.Deserialize<FeedMessage>(json, LifeWindowJson.Options) ?? throw new JsonException("The feed message is null.");

    /// <summary>A single message or a batch, as <see cref="Pack"/> wrote it.</summary>
    public static IReadOnlyList<FeedMessage> DeserializeAny(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(BatchProperty, out var batch))
        {
            return batch.Deserialize<FeedMessage[]>(LifeWindowJson.Options) ?? throw new JsonException("The feed message batch is null.");
        }

        return [document.RootElement.Deserialize<FeedMessage>(LifeWindowJson.Options) ?? throw new JsonException("The feed message is null.")];
    }

    /// <summary>
    /// Packs messages into texts of at most <paramref name="maxBytes"/> UTF-8 bytes each, a customer's messages together
    /// where they fit; a lone message stays a plain message.
    /// </summary>
    public static IEnumerable<string> Pack(IEnumerable<FeedMessage> messages, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var current = new List<string>();
        var size = 0;
        foreach (var json in messages.GroupBy(m => m.Record.CustomerKey, StringComparer.Ordinal).SelectMany(g => g).Select(Serialize))
        {
            var bytes = Encoding.UTF8.GetByteCount(json) + 1;
            if (current.Count > 0 && size + bytes + 16 > maxBytes)
            {
                yield return Wrap(current);
                current.Clear();
                size = 0;
            }

            current.Add(json);
            size += bytes;
        }

        if (current.Count > 0)
        {
            yield return Wrap(current);
        }
    }

    private static string Wrap(List<string> messages) =>
        messages.Count == 1 ? messages[0] : "{\"" + BatchProperty + "\":[" + string.Join(',', messages) + "]}";
}
