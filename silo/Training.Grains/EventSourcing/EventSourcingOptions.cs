namespace Training.Grains.EventSourcing;

/// <summary>Tuning of event-sourced grains (configuration section "EventSourcing").</summary>
public sealed class EventSourcingOptions
{
    /// <summary>A snapshot is written with the commit that takes a stream this many events past its last snapshot.</summary>
    public int SnapshotInterval { get; set; } = 100;

    /// <summary>How long a grain waits for its events to become durable before answering Unavailable.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
