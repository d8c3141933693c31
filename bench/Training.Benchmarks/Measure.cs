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
        var elapsed = await TimeAsync(() => Workers.ForAsync(calls, concurrency, async i =>
        {
            var started = Stopwatch.GetTimestamp();
            await call(i);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }));
        return new LoadRun(calls, elapsed, new Stats(latencies));
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

/// <summary>What a load run did: how many calls, in how long, at which latencies (ms).</summary>
internal sealed record LoadRun(int Calls, TimeSpan Elapsed, Stats Latency)
{
    public double PerSecond => Calls / Elapsed.TotalSeconds;
}
