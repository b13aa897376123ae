using System.Text.Encodings.Web;
using System.Text.Json.Serialization;

namespace LifeWindow.Integration.Serialization;

/// <summary>One set of JSON options for everything we store, stream or send: camelCase, enums as names, Chinese kept readable.</summary>
public static class LifeWindowJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // API and storage JSON, never embedded in HTML: keep Chinese and quotes readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
