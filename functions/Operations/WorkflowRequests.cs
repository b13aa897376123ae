using System.Text.Json;
using System.Text.RegularExpressions;
using LifeWindow.Integration.Feeds;
using Microsoft.AspNetCore.Http;

namespace LifeWindow.Functions.Operations;

/// <summary>Reading operators' JSON bodies: every bad field is reported by name, none stops the others.</summary>
internal static partial class WorkflowRequests
{
    public const string InstanceIdRule = "must be 1-128 characters of letters, digits, '-', '_', '.' or ':'";

    public static bool IsInstanceId(string? id) => id is not null && InstanceId().IsMatch(id);

    /// <summary>
    /// An operator's submission to one workflow: the route's instance id checked and the body read as a JSON
    /// object; null (with every error recorded) when either is wrong.
    /// </summary>
    public static async Task<(JsonElement Body, JsonFields Fields)?> ReadSubmissionAsync(HttpRequest request, string instanceId, ValidationErrors errors, CancellationToken cancellationToken)
    {
        if (!IsInstanceId(instanceId))
        {
            errors.Add("instanceId", InstanceIdRule);
        }

        return await ReadObjectAsync(request, errors, cancellationToken) is { } body && JsonFields.Object(body, "body", errors) is { } fields
            ? (body, fields)
            : null;
    }

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

    /// <summary>
    /// The operator a submission is in the name of: the signed-in one. The body may still name them (older clients send
    /// "submittedBy"/"reviewerId"); a body naming anyone else is an error on that field.
    /// </summary>
    public static string Operator(string signedIn, JsonElement body, JsonFields fields, string name)
    {
        if (body.TryGetProperty(name, out var named)
            && !string.Equals(named.ValueKind == JsonValueKind.String ? named.GetString() : null, signedIn, StringComparison.OrdinalIgnoreCase))
        {
            fields.Error(name, "is the signed-in operator's; leave it out (a submission is in the name of who sends it)");
        }

        return signedIn;
    }

    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,128}$")]
    private static partial Regex InstanceId();
}
