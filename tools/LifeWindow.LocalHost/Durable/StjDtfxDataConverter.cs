using System.Text.Json;
using DtfxDataConverter = DurableTask.Core.Serializing.DataConverter;

namespace LifeWindow.LocalHost.Durable;

/// <summary>
/// DTFx's client serializes with Newtonsoft by default while the Microsoft.DurableTask shims read with
/// System.Text.Json; using the same System.Text.Json options on both sides keeps inputs and events intact.
/// </summary>
internal sealed class StjDtfxDataConverter(JsonSerializerOptions options) : DtfxDataConverter
{
    public override string Serialize(object value) => JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object), options);

    public override string Serialize(object value, bool formatted) => Serialize(value);

    public override object Deserialize(string data, Type objectType) => JsonSerializer.Deserialize(data, objectType, options)!;
}
