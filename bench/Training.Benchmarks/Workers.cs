namespace Training.Benchmarks;

/// <summary>Runs a worker body on <c>n</c> concurrent tasks and waits for all.</summary>
internal static class Workers
{
    public static Task RunAsync(int workers, Func<Task> body) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(body)));

    /// <summary>Runs <paramref name="work"/> for each index 0..count-1, at most <paramref name="workers"/> at a time.</summary>
    public static Task ForAsync(int count, int workers, Func<int, Task> work)
    {
        var next = -1;
        return RunAsync(Math.Min(workers, Math.Max(1, count)), async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await work(i);
            }
        });
    }
}
