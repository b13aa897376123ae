namespace LifeWindow.LocalHost.Hosting;

/// <summary>
/// Calls a function method the way the Functions host would: a new instance of its class per call,
/// built from the container, with its bindings supplied. Unsupported parameters fail at start-up,
/// not at the first request.
/// </summary>
internal static class FunctionInvoker
{
    public delegate object? ArgumentSource(IServiceProvider services, IReadOnlyDictionary<string, object?> bindings, CancellationToken cancellationToken);

    public static Func<IServiceProvider, IReadOnlyDictionary<string, object?>, CancellationToken, Task<object?>> Compile(MethodInfo method, Func<ParameterInfo, ArgumentSource?> triggerBinding)
    {
        var sources = method.GetParameters().Select(p => triggerBinding(p) ?? StandardBinding(method, p)).ToArray();
        return async (services, bindings, cancellationToken) =>
        {
            var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(services, method.DeclaringType!);
            var arguments = sources.Select(s => s(services, bindings, cancellationToken)).ToArray();
            var result = method.Invoke(target, arguments);
            if (result is not Task task)
            {
                return result;
            }

            await task.ConfigureAwait(false);
            return task.GetType().IsGenericType ? task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
        };
    }

    private static ArgumentSource StandardBinding(MethodInfo method, ParameterInfo parameter)
    {
        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return (_, _, ct) => ct;
        }

        if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null && parameter.ParameterType == typeof(DurableTaskClient))
        {
            return (services, _, _) => services.GetRequiredService<DurableTaskClient>();
        }

        if (parameter.ParameterType == typeof(string))
        {
            var name = parameter.Name!;
            return (_, bindings, _) => bindings.TryGetValue(name, out var value) ? value?.ToString() : null;
        }

        throw new NotSupportedException(
            $"{method.DeclaringType!.Name}.{method.Name}: the local host cannot bind parameter '{parameter.Name}' of type {parameter.ParameterType.Name}.");
    }
}
