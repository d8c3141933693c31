using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Training.Benchmarks;

/// <summary>
/// Where a window's garbage collections spend their pauses, from the runtime's own GC events (an in-process
/// <see cref="EventListener"/> on the GC keyword, informational): per collection, the time to suspend the threads,
/// the collection itself, and each marking stage per GC heap (stacks, finalization queue, handles, older generations
/// through the card table, dependent handles …) with the bytes it marked. With <paramref name="allocations"/> (verbose GC
/// events), also what the window allocated by type, from the runtime's allocation samples (one about every 100 KB).
/// Diagnostic only (<c>--gc-trace</c>, <c>--gc-trace allocations</c>): the listener's own work runs in the process.
/// </summary>
internal sealed class GcTrace(bool allocations) : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private static readonly string[] MarkStages = ["stack", "finalize queue", "handles", "older generations", "sized ref", "overflow", "dependent handles", "new finalize queue", "steal"];
    private readonly ConcurrentQueue<(DateTime At, string Name, object?[] Payload)> events = new();
    private EventSource? runtime;

    /// <summary>Starts the window: the runtime's GC events are asked for from now on (not before, so the rest of the run pays nothing).</summary>
    public void Record() => EnableEvents(
        runtime ?? throw new InvalidOperationException("The runtime's event source was not found."),
        allocations ? EventLevel.Verbose : EventLevel.Informational,
        GcKeyword);

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        ArgumentNullException.ThrowIfNull(eventSource);
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            runtime = eventSource;
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.EventName is { } name)
        {
            events.Enqueue((eventData.TimeStamp, name, eventData.Payload?.ToArray() ?? []));
        }
    }

    /// <summary>Ends the window; one line per collection recorded, then the marking stages summed over all of them.</summary>
    public IEnumerable<string> Describe()
    {
        if (runtime is not null)
        {
            DisableEvents(runtime);
        }

        var list = events.ToArray();
        DateTime? suspendBegin = null, suspendEnd = null, gcStart = null;
        var depth = -1;
        var reason = -1;
        var lastMark = new Dictionary<int, DateTime>();
        var stages = new List<string>();
        var totals = new Dictionary<string, (double Ms, double MiB)>(StringComparer.Ordinal);
        var allocated = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (at, name, payload) in list)
        {
            switch (name)
            {
                case "GCSuspendEEBegin_V1":
                    suspendBegin = at;
                    suspendEnd = null;
                    gcStart = null;
                    stages.Clear();
                    lastMark.Clear();
                    break;
                case "GCSuspendEEEnd_V1":
                    suspendEnd = at;
                    break;
                case "GCStart_V2":
                    gcStart = at;
                    depth = Convert.ToInt32(payload[1], CultureInfo.InvariantCulture);
                    reason = Convert.ToInt32(payload[2], CultureInfo.InvariantCulture);
                    break;
                case "GCMarkWithType":
                    {
                        var heap = Convert.ToInt32(payload[0], CultureInfo.InvariantCulture);
                        var type = Convert.ToInt32(payload[2], CultureInfo.InvariantCulture);
                        var bytes = Convert.ToUInt64(payload[3], CultureInfo.InvariantCulture);
                        var from = lastMark.TryGetValue(heap, out var previous) ? previous : gcStart ?? at;
                        lastMark[heap] = at;
                        var stage = type < MarkStages.Length ? MarkStages[type] : $"type {type}";
                        var ms = (at - from).TotalMilliseconds;
                        stages.Add(FormattableString.Invariant($"h{heap} {stage} {ms:0.0} ms/{bytes / 1048576.0:0.0} MiB"));
                        var sum = totals.GetValueOrDefault(stage);
                        totals[stage] = (sum.Ms + ms, sum.MiB + (bytes / 1048576.0));
                        break;
                    }

                case "GCRestartEEEnd_V1":
                    if (suspendBegin is { } begin)
                    {
                        var suspended = ((suspendEnd ?? at) - begin).TotalMilliseconds;
                        yield return FormattableString.Invariant(
                            $"  gen{depth} (reason {reason}): paused {(at - begin).TotalMilliseconds:0.0} ms, suspending {suspended:0.0} ms, until marking {((gcStart ?? at) - (suspendEnd ?? at)).TotalMilliseconds:0.0} ms; marking: {string.Join(", ", stages)}");
                    }

                    suspendBegin = null;
                    break;
                case "GCAllocationTick_V4":
                    {
                        var type = payload[5] as string ?? "?";
                        allocated[type] = allocated.GetValueOrDefault(type) + Convert.ToDouble(payload[0], CultureInfo.InvariantCulture);
                        break;
                    }

                default:
                    break;
            }
        }

        var sampled = allocated.Values.Sum();
        foreach (var (type, bytes) in allocated.OrderByDescending(a => a.Value).Take(40))
        {
            yield return FormattableString.Invariant($"  allocated {100 * bytes / sampled:0.0} % {type}");
        }

        yield return "  marking summed over the collections: " + string.Join(", ", totals.Select(t => FormattableString.Invariant($"{t.Key} {t.Value.Ms:0.0} ms/{t.Value.MiB:0.0} MiB")));
    }
}
