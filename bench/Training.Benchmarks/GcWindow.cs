using System.Runtime;

namespace Training.Benchmarks;

/// <summary>The garbage collections of the process during a window of a run: how many of each generation, and how long they paused it.</summary>
internal readonly record struct GcWindow(int Gen0, int Gen1, int Gen2, TimeSpan Pause)
{
    public static GcWindow Start() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    /// <summary>What happened since <see cref="Start"/> (a gen1 collection is counted in gen0 too, as the runtime counts it; shown apart here).</summary>
    public Counts Stop()
    {
        var gen2 = GC.CollectionCount(2) - Gen2;
        var gen1 = GC.CollectionCount(1) - Gen1 - gen2;
        var gen0 = GC.CollectionCount(0) - Gen0 - gen1 - gen2;
        return new Counts(gen0, gen1, gen2, GC.GetTotalPauseDuration() - Pause, GC.GetGCMemoryInfo(GCKind.Ephemeral));
    }

    /// <summary>Collections by the highest generation they collected, and their pauses together.</summary>
    /// <param name="LastEphemeral">The process's last gen0 or gen1 collection, as the runtime describes it.</param>
    internal readonly record struct Counts(int Gen0, int Gen1, int Gen2, TimeSpan Pause, GCMemoryInfo LastEphemeral)
    {
        public string Describe(TimeSpan window) => string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{Gen0} gen0, {Gen1} gen1, {Gen2} gen2; paused {Pause.TotalMilliseconds:0.0} ms in all ({100 * Pause / window:0.00} % of the {window.TotalSeconds:0.0} s), {(Gen0 + Gen1 + Gen2 == 0 ? 0 : Pause.TotalMilliseconds / (Gen0 + Gen1 + Gen2)):0.00} ms per collection on average; the last gen{LastEphemeral.Generation} collection (#{LastEphemeral.Index}): paused {LastEphemeral.PauseDurations[0].TotalMilliseconds:0.0} ms, promoted {LastEphemeral.PromotedBytes / 1048576.0:0.0} MiB of a gen0 of {LastEphemeral.GenerationInfo[0].SizeBeforeBytes / 1048576.0:0.0} MiB, heap {LastEphemeral.HeapSizeBytes / 1048576.0:0} MiB, {LastEphemeral.PinnedObjectsCount} pinned objects, {(LastEphemeral.Compacted ? "compacting" : "sweeping")}, {Environment.ProcessorCount} cores, GC heaps {GCSettings.IsServerGC switch { true => "server", false => "workstation" }}");
    }
}
