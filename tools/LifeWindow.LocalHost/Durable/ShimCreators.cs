using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using LifeWindow.Integration.Telemetry;

namespace LifeWindow.LocalHost.Durable;

/// <summary>
/// Builds a fresh shim around a new orchestrator for every execution: the shim keeps per-execution
/// state, so reusing one across executions breaks replay.
/// </summary>
internal sealed class OrchestratorShimCreator : ObjectCreator<TaskOrchestration>
{
    private readonly Type type;
    private readonly DurableTaskShimFactory shims;

    public OrchestratorShimCreator(string name, Type type, DurableTaskShimFactory shims)
    {
        this.type = type;
        this.shims = shims;
        Name = name;
        Version = string.Empty;
    }

    /// <summary>Called once per execution (an orchestration episode), so it also counts this worker's share of the work.</summary>
    public override TaskOrchestration Create()
    {
        LifeWindowTelemetry.DurableWorkItem("orchestration");
        return shims.CreateOrchestration(new TaskName(Name), (ITaskOrchestrator)Activator.CreateInstance(type)!, parent: null);
    }
}

/// <summary>Builds the activity from the service provider (so it gets its stores and clients) and wraps it in a shim.</summary>
internal sealed class ActivityShimCreator : ObjectCreator<TaskActivity>
{
    private readonly Type type;
    private readonly DurableTaskShimFactory shims;
    private readonly IServiceProvider services;

    /// <param name="name">The name the activity is called by: its class name, or a name an earlier code version used.</param>
    public ActivityShimCreator(Type type, DurableTaskShimFactory shims, IServiceProvider services, string? name = null)
    {
        this.type = type;
        this.shims = shims;
        this.services = services;
        Name = name ?? type.Name;
        Version = string.Empty;
    }

    public override TaskActivity Create()
    {
        LifeWindowTelemetry.DurableWorkItem("activity");
        return shims.CreateActivity(new TaskName(Name), (ITaskActivity)ActivatorUtilities.GetServiceOrCreateInstance(services, type));
    }
}
