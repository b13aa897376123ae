using System.Diagnostics;

namespace LifeWindow.Functions.Http;

/// <summary>
/// Cross-cutting: an exception that escapes an HTTP function is answered as a 500 problem details carrying a trace id
/// (never a stack trace or an empty body), and logged once with that id. The Functions app runs it as worker middleware
/// (<see cref="UnhandledErrorMiddleware"/>), the local host around each HTTP trigger it maps.
/// </summary>
public static partial class UnhandledErrors
{
    /// <summary>Writes the 500 problem unless the response has begun (then the exception must go on: the body is half sent).</summary>
    public static async Task<bool> TryAnswerAsync(HttpContext http, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Response.HasStarted || exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            return false;
        }

        var traceId = Activity.Current?.Id ?? http.TraceIdentifier;
        LogUnhandled(logger, exception, http.Request.Method, http.Request.Path, traceId);
        await Results.Problem(
            statusCode: StatusCodes.Status500InternalServerError,
            title: "The request failed on our side.",
            detail: "Nothing was changed by this request unless its own documentation says otherwise; retry later, or quote the traceId.",
            type: "https://httpstatuses.io/500",
            extensions: new Dictionary<string, object?> { ["traceId"] = traceId }).ExecuteAsync(http).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed (trace {TraceId}); answered 500")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path, string traceId);
}
