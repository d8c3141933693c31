using System.Diagnostics.Metrics;
using Training.EventStore;

namespace Training.Benchmarks;

/// <summary>
/// Listens to the event store's own metrics (<see cref="EventStoreMetrics.MeterName"/>: commits per group-commit
/// transaction and each transaction's duration, BEGIN to durable COMMIT) so that a phase can say what its writes cost:
/// how many transactions, how many commits each, how long, and how busy the single writer was.
/// </summary>
internal sealed class StoreWatch : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly List<int> sizes = [];
    private readonly List<double> durations = [];

    public StoreWatch()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == EventStoreMetrics.MeterName && instrument.Name is "training.eventstore.batch.size" or "training.eventstore.commit.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
        {
            lock (sizes)
            {
                sizes.Add(size);
            }
        });
        listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            lock (sizes)
            {
                durations.Add(seconds * 1000);
            }
        });
        listener.Start();
    }

    /// <summary>Where the transactions recorded so far end.</summary>
    public (int Sizes, int Durations, long Started) Mark()
    {
        lock (sizes)
        {
            return (sizes.Count, durations.Count, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>The transactions since <paramref name="mark"/>.</summary>
    public StoreWindow Since((int Sizes, int Durations, long Started) mark)
    {
        var elapsed = Stopwatch.GetElapsedTime(mark.Started);
        lock (sizes)
        {
            var size = sizes.Skip(mark.Sizes).ToList();
            var duration = durations.Skip(mark.Durations).ToList();
            return new StoreWindow(size.Count, size.Sum(), elapsed, duration.Count == 0 ? null : new Stats(duration), duration.Sum());
        }
    }

    public void Dispose() => listener.Dispose();
}

/// <summary>The store's group commits in a window of time.</summary>
internal sealed record StoreWindow(int Transactions, long Commits, TimeSpan Elapsed, Stats? DurationMs, double BusyMs)
{
    /// <summary>One line for the report.</summary>
    public string Describe() => Transactions == 0 ? "no commit" : string.Create(
        CultureInfo.InvariantCulture,
        $"{Report.N(Transactions)} group commits ({Transactions / Elapsed.TotalSeconds:#,0}/s) of {(double)Commits / Transactions:0.0} commits each; a transaction (BEGIN to durable COMMIT) p50 {Report.Ms(DurationMs!.Median)} ms, p99 {Report.Ms(DurationMs.P99)} ms, longest {Report.Ms(DurationMs.Max)} ms; the writer busy {BusyMs / Elapsed.TotalMilliseconds:0%} of the time");
}
