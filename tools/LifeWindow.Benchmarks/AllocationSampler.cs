using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace LifeWindow.Benchmarks;

/// <summary>
/// Counts the runtime's allocation samples by type while it lives: the GC raises an AllocationTick event about every
/// 100 KB allocated, naming the type of the object that crossed the mark, so the counts are each type's share of the
/// bytes allocated. Read in process with an EventListener on the runtime's own event source, so no tool needs
/// installing (`dotnet-trace` gives the stacks when they are wanted, docs/performance.md).
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, int> samples = new(StringComparer.Ordinal);

    public void Print(TextWriter output, int types)
    {
        var total = Math.Max(1, samples.Values.Sum());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  allocated most ({total:N0} samples of about 100 KB):"));
        foreach (var (type, count) in samples.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).Take(types))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {count / (double)total,6:P1}  {type}"));
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true
            && eventData.PayloadNames?.IndexOf("TypeName") is >= 0 and var index)
        {
            samples.AddOrUpdate(eventData.Payload?[index]?.ToString() ?? "?", 1, (_, n) => n + 1);
        }
    }
}
