using Microsoft.AspNetCore.Mvc;

namespace LifeWindow.Functions.Webhooks;

/// <summary>Builds the responses a webhook endpoint gives: JSON bodies and RFC 7807 problem details.</summary>
public static class WebhookResponses
{
    public const string ProblemContentType = "application/problem+json";

    public static StoredResponse Json(int statusCode, object body) =>
        new(statusCode, "application/json; charset=utf-8", JsonSerializer.Serialize(body, LifeWindowJson.Options));

    public static StoredResponse Problem(int statusCode, string title, string detail) =>
        new(statusCode, ProblemContentType, JsonSerializer.Serialize(
            new ProblemDetails { Status = statusCode, Title = title, Detail = detail, Type = TypeFor(statusCode) },
            LifeWindowJson.Options));

    public static StoredResponse Invalid(ValidationErrors errors, string detail, string? deadLetterId = null) =>
        Invalid(errors.ToDictionary(), detail, deadLetterId);

    public static StoredResponse Invalid(IDictionary<string, string[]> errors, string detail, string? deadLetterId = null)
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is invalid.",
            Detail = detail,
            Type = TypeFor(StatusCodes.Status400BadRequest),
        };
        if (deadLetterId is not null)
        {
            problem.Extensions["deadLetterId"] = deadLetterId;
        }

        return new(StatusCodes.Status400BadRequest, ProblemContentType, JsonSerializer.Serialize(problem, LifeWindowJson.Options));
    }

    public static IResult ToResult(this StoredResponse response, bool replayed = false) => new StoredResponseResult(response, replayed);

    private static string TypeFor(int statusCode) => $"https://httpstatuses.io/{statusCode}";

    private sealed class StoredResponseResult(StoredResponse response, bool replayed) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = response.StatusCode;
            httpContext.Response.ContentType = response.ContentType;
            if (replayed)
            {
                httpContext.Response.Headers["webhook-replayed"] = "true";
            }

            if (response.StatusCode == StatusCodes.Status503ServiceUnavailable)
            {
                httpContext.Response.Headers.RetryAfter = "30";
            }

            return httpContext.Response.WriteAsync(response.Body, httpContext.RequestAborted);
        }
    }
}
