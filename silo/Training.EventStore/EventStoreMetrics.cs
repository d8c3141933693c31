using System.Diagnostics.Metrics;

namespace Training.EventStore;

/// <summary>
/// Counters of an event store, on the meter <see cref="MeterName"/>: appended events and commits, version
/// conflicts, failed batches, and histograms of group-commit batch sizes and transaction durations.
/// Recorded once per transaction, not per event.
/// </summary>
public sealed class EventStoreMetrics : IDisposable
{
    /// <summary>The meter's name, to enable in OpenTelemetry (<c>AddMeter("Training.EventStore")</c>).</summary>
    public const string MeterName = "Training.EventStore";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _eventsAppended;
    private readonly Counter<long> _commitsAppended;
    private readonly Counter<long> _conflicts;
    private readonly Counter<long> _failedBatches;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _commitDuration;

    /// <param name="meterFactory">The host's meter factory; null creates (and owns) a standalone meter.</param>
    public EventStoreMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _eventsAppended = _meter.CreateCounter<long>("training.eventstore.events.appended", "{event}", "Events durably appended.");
        _commitsAppended = _meter.CreateCounter<long>("training.eventstore.commits.appended", "{commit}", "Commits durably appended.");
        _conflicts = _meter.CreateCounter<long>("training.eventstore.commits.conflicted", "{commit}", "Commits refused because the stream head was not the expected version.");
        _failedBatches = _meter.CreateCounter<long>("training.eventstore.batches.failed", "{batch}", "Group-commit transactions that failed (every caller got an unavailable error).");
        _batchSize = _meter.CreateHistogram(
            "training.eventstore.batch.size",
            "{commit}",
            "Commits per group-commit transaction.",
            tags: null,
            new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024] });
        _commitDuration = _meter.CreateHistogram(
            "training.eventstore.commit.duration",
            "s",
            "Duration of one group-commit transaction, from BEGIN to a durable COMMIT.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
    }

    /// <summary>Records one committed transaction.</summary>
    public void RecordBatch(int commits, int appendedCommits, int appendedEvents, int conflicts, TimeSpan duration)
    {
        _batchSize.Record(commits);
        _commitDuration.Record(duration.TotalSeconds);
        if (appendedEvents != 0)
        {
            _eventsAppended.Add(appendedEvents);
        }

        if (appendedCommits != 0)
        {
            _commitsAppended.Add(appendedCommits);
        }

        if (conflicts != 0)
        {
            _conflicts.Add(conflicts);
        }
    }

    /// <summary>Records one failed transaction.</summary>
    public void RecordFailedBatch() => _failedBatches.Add(1);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
