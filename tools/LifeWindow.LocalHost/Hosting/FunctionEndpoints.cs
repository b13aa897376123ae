using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using LifeWindow.Functions.Http;

namespace LifeWindow.LocalHost.Hosting;

/// <summary>Maps every [HttpTrigger] function of the Functions app to the same route under /api.</summary>
public static class FunctionEndpoints
{
    public const string RoutePrefix = "api";

    public static IEndpointRouteBuilder MapFunctionHttpTriggers(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (method, name, trigger) in FunctionCatalog.WithTrigger<HttpTriggerAttribute>())
        {
            var invoke = FunctionInvoker.Compile(method, p => p.GetCustomAttribute<HttpTriggerAttribute>() is null
                ? null
                : p.ParameterType == typeof(HttpRequest)
                    ? (_, bindings, _) => bindings["$request"]
                    : throw new NotSupportedException($"{name}: HTTP triggers must take an HttpRequest."));

            if (!typeof(IResult).IsAssignableFrom(method.ReturnType) && !typeof(Task<IResult>).IsAssignableFrom(method.ReturnType))
            {
                throw new NotSupportedException($"{name}: HTTP functions must return IResult or Task<IResult>.");
            }

            var pattern = $"/{RoutePrefix}/{(trigger.Route ?? name).TrimStart('/')}";
            var methods = trigger.Methods is { Length: > 0 } m ? m.Select(x => x.ToUpperInvariant()).ToArray() : ["GET", "POST"];
            endpoints.MapMethods(pattern, methods, async context =>
            {
                var bindings = context.Request.RouteValues.ToDictionary(r => r.Key, r => r.Value, StringComparer.OrdinalIgnoreCase);
                bindings["$request"] = context.Request;
                IResult? result;
                try
                {
                    result = (IResult?)await invoke(context.RequestServices, bindings, context.RequestAborted).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // As the Functions app's UnhandledErrorMiddleware answers it: a 500 problem with a trace id.
                    if (await UnhandledErrors.TryAnswerAsync(context, ex, context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(name)).ConfigureAwait(false))
                    {
                        return;
                    }

                    throw;
                }

                await (result ?? Results.NoContent()).ExecuteAsync(context).ConfigureAwait(false);
            }).WithName(name);
        }

        return endpoints;
    }
}
