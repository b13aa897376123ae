namespace LifeWindow.Functions.Workflows;

/// <summary>Gives activity classes written against Microsoft.DurableTask the context they expect when the Functions host runs them.</summary>
internal sealed class FunctionActivityContext(string name, FunctionContext function) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } =
        function.BindingContext.BindingData.TryGetValue("instanceId", out var id) ? id?.ToString() ?? string.Empty : string.Empty;
}

/// <summary>The one way the workflow function classes run an activity class: resolved from DI, given the Functions context.</summary>
internal static class ActivityRunner
{
    /// <param name="name">The name the activity was called by, when not its class name (a name an earlier code version used).</param>
    public static Task<TOutput> Run<TActivity, TInput, TOutput>(IServiceProvider services, TInput input, FunctionContext function, string? name = null)
        where TActivity : TaskActivity<TInput, TOutput> =>
        services.GetRequiredService<TActivity>().RunAsync(new FunctionActivityContext(name ?? typeof(TActivity).Name, function), input);
}
