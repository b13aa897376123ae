using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace LifeWindow.Functions.Workflows;

/// <summary>Gives activity classes written against Microsoft.DurableTask the context they expect when the Functions host runs them.</summary>
internal sealed class FunctionActivityContext(string name, FunctionContext function) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } =
        function.BindingContext.BindingData.TryGetValue("instanceId", out var id) ? id?.ToString() ?? string.Empty : string.Empty;
}
