namespace Training.Grains.EventSourcing;

/// <summary>A request a grain applied, and the version its events brought the stream to.</summary>
[GenerateSerializer, Immutable, Alias("training.AppliedRequest")]
public sealed record AppliedRequest([property: Id(0)] string RequestId, [property: Id(1)] long Version);

/// <summary>
/// The part of every grain state the event-sourcing base keeps: the most recent requests and the
/// version each produced (so a retried request is recognised after a restart — they are rebuilt
/// from the events — and answered as of that version), the create/update times and the version.
/// </summary>
[GenerateSerializer, Alias("training.EventSourcedState")]
public abstract class EventSourcedState<TEvent>
    where TEvent : DomainEvent
{
    /// <summary>How many request ids a grain remembers.</summary>
    public const int RememberedRequests = 128;

    [Id(0)]
    public List<AppliedRequest> RecentRequests { get; set; } = [];

    [Id(1)]
    public DateTimeOffset CreateTime { get; set; }

    [Id(2)]
    public DateTimeOffset UpdateTime { get; set; }

    /// <summary>The number of events applied: the stream version this state stands at.</summary>
    [Id(3)]
    public long AppliedVersion { get; set; }

    /// <summary>The version the request's events brought the stream to, or null if it is not among the recent ones.</summary>
    public long? VersionOf(string requestId)
    {
        for (var i = RecentRequests.Count - 1; i >= 0; i--)
        {
            if (RecentRequests[i].RequestId == requestId)
            {
                return RecentRequests[i].Version;
            }
        }

        return null;
    }

    /// <summary>Applies one event: the bookkeeping here, the domain change in <see cref="When"/>.</summary>
    public void Apply(TEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        if (CreateTime == default)
        {
            CreateTime = @event.At;
        }

        UpdateTime = @event.At;
        AppliedVersion++;
        if (@event.RequestId.Length > 0)
        {
            if (RecentRequests.Count > 0 && RecentRequests[^1].RequestId == @event.RequestId)
            {
                RecentRequests[^1] = new AppliedRequest(@event.RequestId, AppliedVersion);
            }
            else
            {
                RecentRequests.Add(new AppliedRequest(@event.RequestId, AppliedVersion));
                if (RecentRequests.Count > RememberedRequests)
                {
                    RecentRequests.RemoveAt(0);
                }
            }
        }

        When(@event);
    }

    /// <summary>The domain change an event makes. Must be deterministic: it runs again on every replay.</summary>
    protected abstract void When(TEvent @event);
}
