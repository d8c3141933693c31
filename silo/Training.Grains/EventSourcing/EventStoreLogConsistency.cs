namespace Training.Grains.EventSourcing;

/// <summary>The log-consistency provider every event-sourced grain uses.</summary>
public static class EventStoreLogConsistency
{
    /// <summary>The name under which the host registers Orleans' custom-storage log-consistency provider.</summary>
    public const string ProviderName = "EventStore";
}
