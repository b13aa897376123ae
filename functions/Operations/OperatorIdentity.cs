using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    internal static partial Regex OperatorId();
}

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

public static class OperatorServiceExtensions
{
    /// <summary>Operator authentication for the operator API (the Functions app and the local host alike).</summary>
    public static IHostApplicationBuilder AddLifeWindowOperators(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<OperatorOptions>().BindConfiguration(OperatorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<OperatorIdentity>();
        return builder;
    }
}
