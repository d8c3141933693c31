namespace Training.Grains.EventSourcing;

/// <summary>
/// What every persisted event carries: the request that caused it (idempotency), who asked, and
/// when. Events are serialized with Orleans' serializer under their stable <see cref="AliasAttribute"/>,
/// so renaming a class never orphans stored history.
/// </summary>
[GenerateSerializer, Alias("training.DomainEvent")]
public abstract record DomainEvent
{
    [Id(0)]
    public string RequestId { get; init; } = string.Empty;

    [Id(1)]
    public string Actor { get; init; } = string.Empty;

    [Id(2)]
    public DateTimeOffset At { get; init; }

    /// <summary>One line for the history view, e.g. "Transferred to … (reason)".</summary>
    public abstract string Describe();
}
