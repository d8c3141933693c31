using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Training.Grains;

/// <summary>The platform's own activity source and meter: training events as they are recorded.</summary>
public static class TrainingTelemetry
{
    public const string SourceName = "Training";
    public const string MeterName = "Training.Grains";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Events made durable, tagged with the event type (e.g. staff.registered.v1).</summary>
    public static readonly Counter<long> EventsRecorded = Meter.CreateCounter<long>("training.events.recorded", "{event}", "Domain events made durable, by type.");

    /// <summary>Changes refused because another writer appended first.</summary>
    public static readonly Counter<long> Conflicts = Meter.CreateCounter<long>("training.events.conflicts", "{conflict}", "Appends refused on an expected-version conflict.");
}
