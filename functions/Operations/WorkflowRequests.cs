using System.Text.RegularExpressions;

namespace LifeWindow.Functions.Operations;

/// <summary>Pieces of operators' requests: instance ids, the body as a JSON object, string arrays (see <see cref="OperatorSubmission"/>).</summary>
internal static partial class WorkflowRequests
{
    public const string InstanceIdRule = "must be 1-128 characters of letters, digits, '-', '_', '.' or ':'";

    public static bool IsInstanceId(string? id) => id is not null && InstanceId().IsMatch(id);

    /// <summary>400 naming the route value (<paramref name="name"/>) when <paramref name="id"/> is not an id of that form; null when it is.</summary>
    public static IResult? InvalidInstanceId(string? id, string name = "instanceId") =>
        IsInstanceId(id) ? null : Results.ValidationProblem(new Dictionary<string, string[]> { [name] = [InstanceIdRule] });

    /// <summary>The body as a JSON object, or null with the reason recorded under "body".</summary>
    public static async Task<JsonElement?> ReadObjectAsync(HttpRequest request, ValidationErrors errors, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                errors.Add("body", "must be a JSON object");
                return null;
            }

            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            errors.Add("body", "must be a JSON object");
            return null;
        }
    }

    /// <summary>A required array of 1..<paramref name="max"/> distinct non-empty strings of at most 128 characters.</summary>
    public static IReadOnlyList<string>? StringArray(JsonElement body, string name, int max, ValidationErrors errors)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            errors.Add("body." + name, "is required: an array of strings");
            return null;
        }

        var items = value.EnumerateArray().ToList();
        if (items.Count == 0 || items.Count > max)
        {
            errors.Add("body." + name, $"must hold 1 to {max} items");
            return null;
        }

        if (items.Any(i => i.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(i.GetString()) || i.GetString()!.Length > 128))
        {
            errors.Add("body." + name, "every item must be a non-empty string of at most 128 characters");
            return null;
        }

        return [.. items.Select(i => i.GetString()!).Distinct(StringComparer.Ordinal)];
    }

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,128}$")]
    private static partial Regex InstanceId();
}
