namespace Training.Benchmarks;

/// <summary>Timing and verification helpers shared by the benchmarks.</summary>
internal static class Measure
{
    /// <summary>The wall time of <paramref name="action"/>.</summary>
    public static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var started = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// A closed loop: <paramref name="calls"/> calls, <paramref name="concurrency"/> at a time (each worker sends its next
    /// call when the previous answered); the rate and each call's latency.
    /// </summary>
    public static async Task<LoadRun> ClosedLoopAsync(int calls, int concurrency, Func<int, Task> call)
    {
        var latencies = new double[calls];
        var cpu = ProcessCpu();
        var elapsed = await TimeAsync(() => Workers.ForAsync(calls, concurrency, async i =>
        {
            var started = Stopwatch.GetTimestamp();
            await call(i);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }));
        return new LoadRun(calls, elapsed, new Stats(latencies), ProcessCpu() - cpu);
    }

    /// <summary>
    /// The CPU time this process has used so far (all threads: client, server, GC, JIT). Per call, it is steadier than a
    /// rate on a shared machine: a busy neighbour slows the rate down but does not make a call cost more CPU.
    /// </summary>
    public static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Throws when a verification fails: a benchmark whose work was not done right measures nothing.</summary>
    public static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Verification failed: " + message);
        }
    }
}

/// <summary>What a load run did: how many calls, in how long, at which latencies (ms), for how much of the process's CPU time.</summary>
internal sealed record LoadRun(int Calls, TimeSpan Elapsed, Stats Latency, TimeSpan Cpu)
{
    public double PerSecond => Calls / Elapsed.TotalSeconds;

    /// <summary>The process's CPU time per call, in microseconds (client and server together, as they share the machine).</summary>
    public double CpuMicrosPerCall => Cpu.TotalMicroseconds / Calls;
}
