using Microsoft.Extensions.Options;
using Orleans.Serialization;

namespace Training.Grains.EventSourcing;

/// <summary>What every event-sourced grain needs from the host, in one constructor argument.</summary>
public sealed class EventSourcingServices(IEventStore store, Serializer serializer, TimeProvider clock, IOptions<EventSourcingOptions> options)
{
    public IEventStore Store { get; } = store;

    public Serializer Serializer { get; } = serializer;

    public TimeProvider Clock { get; } = clock;

    public EventSourcingOptions Options { get; } = options.Value;
}
