namespace LifeWindow.Orchestrations.Tests;

/// <summary>
/// Waiting on a workflow in a test, written once for the three workflows: until it completes (its output), or until
/// its custom status reaches a stage. Fails at once if the workflow ends before that stage.
/// </summary>
internal static class WorkflowWaits
{
    public static async Task<T> ResultAsync<T>(RunningHost host, string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await host.Get<DurableTaskClient>().WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.True(done.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{done.RuntimeStatus}: {done.FailureDetails}");
        return done.ReadOutputAs<T>()!;
    }

    /// <summary>Waits until the custom status, read by <paramref name="read"/>, satisfies <paramref name="reached"/>.</summary>
    public static async Task<(OrchestrationMetadata Instance, T Status)> StageAsync<T>(
        RunningHost host, string instanceId, Func<OrchestrationMetadata, T?> read, Func<T, bool> reached)
        where T : class
    {
        var client = host.Get<DurableTaskClient>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
            if (instance is not null && read(instance) is { } status && reached(status))
            {
                return (instance, status);
            }

            Assert.False(instance?.IsCompleted, $"finished early: {instance?.RuntimeStatus} {instance?.SerializedCustomStatus} {instance?.SerializedOutput} {instance?.FailureDetails}");
            await Task.Delay(25, timeout.Token);
        }
    }

    /// <summary>Waits until the custom status names <paramref name="stage"/>.</summary>
    public static async Task<OrchestrationMetadata> StageAsync(RunningHost host, string instanceId, string stage) =>
        (await StageAsync(host, instanceId, i => i.SerializedCustomStatus, s => s.Contains(stage, StringComparison.Ordinal))).Instance;
}
