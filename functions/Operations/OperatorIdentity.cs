using System.Security.Cryptography;
using System.Text;

namespace LifeWindow.Functions.Operations;

/// <summary>Who sent an operator request: the Easy Auth principal, or the operator a bearer token belongs to; null when neither.</summary>
public sealed class OperatorIdentity(IOptions<OperatorOptions> options)
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    /// <summary>The pages' sign-in cookie: the operator token, HttpOnly and SameSite=Strict (a browser cannot send a bearer header on a link).</summary>
    public const string TokenCookie = "lw-operator";

    /// <summary>The answer to an operator request that names no authenticated operator.</summary>
    public static IResult Unauthorized() => Results.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Sign in as an operator.",
        detail: "This is done in the name of the authenticated operator: send Authorization: Bearer <operator token> (Operators:Tokens), or sign in through App Service authentication (Operators:EasyAuth).");

    public string? Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (options.Value.EasyAuth && request.Headers[PrincipalHeader].ToString() is { Length: > 0 } principal)
        {
            return principal;
        }

        var authorization = request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim()
            : request.Cookies[TokenCookie] is { Length: > 0 } cookie ? cookie
            : null;
        return token is null ? null : OfToken(token);
    }

    /// <summary>The operator a token belongs to; null for none.</summary>
    public string? OfToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        string? found = null;
        foreach (var (known, id) in options.Value.Tokens)
        {
            // Compare hashes in fixed time, and look at every token, so timing tells nothing about which matched.
            if (CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(known))))
            {
                found = id;
            }
        }

        return found;
    }

    public bool IsBranchManager(string operatorId) => options.Value.BranchManagers.Contains(operatorId, StringComparer.Ordinal);

    public bool IsRelationshipManager(string operatorId) => options.Value.RelationshipManagers.Contains(operatorId, StringComparer.Ordinal);

    /// <summary>The relationship managers a branch manager can assign leads and groups to.</summary>
    public IReadOnlyList<string> RelationshipManagers => options.Value.RelationshipManagers;
}
