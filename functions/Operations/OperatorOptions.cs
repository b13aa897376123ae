using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace LifeWindow.Functions.Operations;

/// <summary>
/// How operators prove who they are (section <c>Operators</c>). An approval is in the name of the authenticated
/// operator, never of a name in the request body, so one person cannot be both approvers of a four-eyes decision.
/// </summary>
public sealed partial class OperatorOptions : IValidatableObject
{
    public const string Section = "Operators";

    /// <summary>
    /// The Functions app runs behind App Service authentication (Easy Auth): the signed-in operator is the
    /// <c>X-MS-CLIENT-PRINCIPAL-NAME</c> header, which App Service sets and strips from callers. Only turn this on
    /// when Easy Auth is on; without it anyone could send the header.
    /// </summary>
    public bool EasyAuth { get; set; }

    /// <summary>Bearer token → operator id, for the local host or a bank without Easy Auth. Tokens of 24 characters or more.</summary>
    public Dictionary<string, string> Tokens { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Operator ids that are branch managers on the pages: they see every RM's leads, assign leads and (re)assign
    /// customer groups. Every other operator is a relationship manager who sees only their own leads.
    /// </summary>
    public List<string> BranchManagers { get; set; } = [];

    /// <summary>Operator ids that are relationship managers: on the pages they see their own leads and claim groups for themselves, and nothing else.</summary>
    public List<string> RelationshipManagers { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (token, id) in Tokens)
        {
            if (token.Length < 24)
            {
                yield return new ValidationResult($"{Section}:Tokens: a token of {id} is shorter than 24 characters.");
            }

            if (!OperatorId().IsMatch(id ?? string.Empty))
            {
                yield return new ValidationResult($"{Section}:Tokens: operator id '{id}' must be 1-64 letters, digits or . _ @ -.");
            }
        }

        foreach (var result in ValidateRoles())
        {
            yield return result;
        }
    }

    private IEnumerable<ValidationResult> ValidateRoles()
    {
        foreach (var id in BranchManagers.Concat(RelationshipManagers).Where(id => !OperatorId().IsMatch(id ?? string.Empty)))
        {
            yield return new ValidationResult($"{Section}: role member '{id}' must be 1-64 letters, digits or . _ @ -.");
        }

        foreach (var id in BranchManagers.Intersect(RelationshipManagers, StringComparer.Ordinal))
        {
            yield return new ValidationResult($"{Section}: '{id}' is both a branch manager and a relationship manager; give each person one role.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    internal static partial Regex OperatorId();
}
