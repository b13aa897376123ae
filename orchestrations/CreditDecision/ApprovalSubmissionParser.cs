using System.Text.Json;

namespace LifeWindow.Orchestrations.CreditDecision;

/// <summary>
/// Validates an approver's POST body: {"decision": "approve"|"reject", "comment"?}; errors name the field. The approver is
/// the authenticated operator the caller resolved, never a name in the body: a body "approverId" other than theirs is refused.
/// </summary>
public static class ApprovalSubmissionParser
{
    public const int MaxCommentLength = 500;

    public static async Task<(ApprovalSubmitted? Approval, Dictionary<string, string[]> Errors)> ParseAsync(Stream body, string approverId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(approverId);
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

            if (root.TryGetProperty("approverId", out var named) && !string.Equals(named.ValueKind == JsonValueKind.String ? named.GetString() : null, approverId, StringComparison.OrdinalIgnoreCase))
            {
                errors["approverId"] = ["is the signed-in operator's; leave it out (an approval is in the name of who sends it)"];
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

            return errors.Count > 0 ? (null, errors) : (new ApprovalSubmitted(approverId, decision!.Value, comment), errors);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
