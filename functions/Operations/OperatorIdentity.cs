using System.Security.Cryptography;
using System.Text;

namespace LifeWindow.Functions.Operations;

/// <summary>Who sent an operator request: the Easy Auth principal, or the operator a bearer token belongs to; null when neither.</summary>
public sealed class OperatorIdentity(IOptions<OperatorOptions> options)
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

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
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[7..].Trim()));
        string? found = null;
        foreach (var (token, id) in options.Value.Tokens)
        {
            // Compare hashes in fixed time, and look at every token, so timing tells nothing about which matched.
            if (CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(token))))
            {
                found = id;
            }
        }

        return found;
    }
}
