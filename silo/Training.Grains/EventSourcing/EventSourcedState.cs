namespace Training.Grains.EventSourcing;

/// <summary>
/// The part of every grain state the event-sourcing base keeps: the most recent request ids (so a
/// retried request is recognised after a restart, because the ids are rebuilt from the events) and
/// the create/update times.
/// </summary>
[GenerateSerializer, Alias("training.EventSourcedState")]
public abstract class EventSourcedState<TEvent>
    where TEvent : DomainEvent
{
    /// <summary>How many request ids a grain remembers.</summary>
    public const int RememberedRequests = 128;

    [Id(0)]
    public List<string> RecentRequestIds { get; set; } = [];

    [Id(1)]
    public DateTimeOffset CreateTime { get; set; }

    [Id(2)]
    public DateTimeOffset UpdateTime { get; set; }

    /// <summary>Applies one event: the bookkeeping here, the domain change in <see cref="When"/>.</summary>
    public void Apply(TEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        if (CreateTime == default)
        {
            CreateTime = @event.At;
        }

        UpdateTime = @event.At;
        if (@event.RequestId.Length > 0 && !RecentRequestIds.Contains(@event.RequestId))
        {
            RecentRequestIds.Add(@event.RequestId);
            if (RecentRequestIds.Count > RememberedRequests)
            {
                RecentRequestIds.RemoveAt(0);
            }
        }

        When(@event);
    }

    /// <summary>The domain change an event makes. Must be deterministic: it runs again on every replay.</summary>
    protected abstract void When(TEvent @event);
}
