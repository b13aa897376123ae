using System.Text.Json;
using LifeWindow.Domain.Feeds;
using LifeWindow.Integration.Serialization;

namespace LifeWindow.Integration.Streams;

public static class FeedMessageJson
{
    public static string Serialize(FeedMessage message) => JsonSerializer.Serialize(message, LifeWindowJson.Options);

    public static FeedMessage Deserialize(string json) =>
        JsonSerializer.Deserialize<FeedMessage>(json, LifeWindowJson.Options) ?? throw new JsonException("The feed message is null.");
}
