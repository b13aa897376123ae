using Microsoft.Azure.Functions.Worker.Middleware;

namespace LifeWindow.Functions.Http;

/// <summary>Functions worker middleware: HTTP functions answer an unhandled exception as <see cref="UnhandledErrors"/> says.</summary>
public sealed class UnhandledErrorMiddleware(ILogger<UnhandledErrorMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.GetHttpContext() is not null)
        {
            if (!await UnhandledErrors.TryAnswerAsync(context.GetHttpContext()!, ex, logger).ConfigureAwait(false))
            {
                throw;
            }
        }
    }
}
