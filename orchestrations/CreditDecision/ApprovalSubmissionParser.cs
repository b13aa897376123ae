using System.Text.Json;
using System.Text.RegularExpressions;

namespace LifeWindow.Orchestrations.CreditDecision;

/// <summary>Validates an approver's POST body: {"approverId", "decision": "approve"|"reject", "comment"?}; errors name the field.</summary>
public static partial class ApprovalSubmissionParser
{
    public const int MaxCommentLength = 500;

    public static async Task<(ApprovalSubmitted? Approval, Dictionary<string, string[]> Errors)> ParseAsync(Stream body, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            errors["body"] = ["must be a JSON object"];
            return (null, errors);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors["body"] = ["must be a JSON object"];
                return (null, errors);
            }

            var approverId = Text(root, "approverId");
            if (approverId is null || !ApproverIdPattern().IsMatch(approverId))
            {
                errors["approverId"] = ["required: 1-64 letters, digits or . _ @ -"];
            }

            ApprovalDecision? decision = Text(root, "decision")?.ToUpperInvariant() switch
            {
                "APPROVE" => ApprovalDecision.Approve,
                "REJECT" => ApprovalDecision.Reject,
                _ => null,
            };
            if (decision is null)
            {
                errors["decision"] = ["required: approve or reject"];
            }

            var comment = root.TryGetProperty("comment", out var c) && c.ValueKind != JsonValueKind.Null ? Text(root, "comment") : null;
            if (root.TryGetProperty("comment", out c) && c.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                errors["comment"] = ["must be a string"];
            }
            else if (comment is { Length: > MaxCommentLength })
            {
                errors["comment"] = [$"at most {MaxCommentLength} characters"];
            }

            return errors.Count > 0 ? (null, errors) : (new ApprovalSubmitted(approverId!, decision!.Value, comment), errors);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex ApproverIdPattern();
}
