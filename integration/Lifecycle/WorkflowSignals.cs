namespace LifeWindow.Integration.Lifecycle;

/// <summary>
/// What the stream consumer decided for the workflows of the records it folded, for its caller to carry out: the
/// consumer records windows and their states, the Functions trigger then starts and tells the workflows
/// (<c>DurableWorkflowGateway.ApplyAsync</c>), so the path from a record to its workflow runs one way, from
/// functions/ down.
/// </summary>
/// <param name="Start">
/// Open, unexpired windows whose offer workflow must run: those just opened, and those found open again (a redelivery
/// after a crash between recording a window and starting its workflow). Starting one that runs is a no-op.
/// </param>
/// <param name="Closed">Windows suppressed or superseded (a risk signal, a consent withdrawal) or cleared (a limit review's signal stopped holding): their running workflow is told.</param>
public sealed record WorkflowSignals(IReadOnlyList<Window> Start, IReadOnlyList<WindowClosure> Closed)
{
    public static WorkflowSignals None { get; } = new([], []);

    /// <summary>Window id → the W3C traceparent its workflow continues (the trace of the record that opened it); null when nothing traced.</summary>
    public IReadOnlyDictionary<string, string>? TraceParents { get; init; }

    public string? TraceParentOf(string windowId) => TraceParents?.GetValueOrDefault(windowId);
}

/// <summary>A window the consumer closed, with its new state and the reason its workflow records.</summary>
public sealed record WindowClosure(Window Window, WindowState State, string Reason);
