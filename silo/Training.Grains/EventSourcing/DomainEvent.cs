namespace Training.Grains.EventSourcing;

/// <summary>
/// What every persisted event carries: the request that caused it (idempotency), who asked (subject,
/// role and client: the audit trail), and when. Events are serialized with Orleans' serializer under their stable <see cref="AliasAttribute"/>,
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

    /// <summary>The role the actor acted in; empty on events recorded before roles were kept.</summary>
    [Id(3)]
    public string Role { get; init; } = string.Empty;

    /// <summary>The calling software (kiosk, integration client id or user agent); empty when unknown.</summary>
    [Id(4)]
    public string Client { get; init; } = string.Empty;

    /// <summary>One line for the history view, e.g. "Transferred to … (reason)".</summary>
    public abstract string Describe();
}
