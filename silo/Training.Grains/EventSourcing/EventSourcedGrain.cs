using System.Collections.Concurrent;
using System.Reflection;
using Orleans.EventSourcing.CustomStorage;

namespace Training.Grains.EventSourcing;

/// <summary>
/// A journaled grain whose log lives in the project's <see cref="IEventStore"/> (Orleans'
/// custom-storage log-consistency provider): on activation the state is rebuilt from the newest
/// snapshot plus the events after it; every confirmed batch of events is appended with the version
/// the grain last saw, so a concurrent writer is detected, never overwritten. Changes are raised
/// conditionally: a conflict answers Aborted and writes nothing. A change is acknowledged only once
/// its events are durable.
/// </summary>
[LogConsistencyProvider(ProviderName = EventStoreLogConsistency.ProviderName)]
public abstract class EventSourcedGrain<TState, TEvent> : JournaledGrain<TState, TEvent>, ICustomStorageInterface<TState, TEvent>
    where TState : EventSourcedState<TEvent>, new()
    where TEvent : DomainEvent
{
    private const int ReadPageSize = 1000;
    private static readonly ConcurrentDictionary<Type, string> EventTypeNames = new();

    private long lastSnapshotVersion;

    protected EventSourcedGrain(EventSourcingServices services) => Services = services;

    protected EventSourcingServices Services { get; }

    /// <summary>The grain's stream in the store: its key, which is the resource name.</summary>
    protected string StreamId => this.GetPrimaryKeyString();

    /// <summary>The current time, from the host's clock.</summary>
    protected DateTimeOffset Now => Services.Clock.GetUtcNow();

    /// <summary>
    /// When the request was already applied, the answer it got then — <paramref name="view"/> of the
    /// state as of the version its events produced — and nothing is written; otherwise null.
    /// </summary>
    protected async ValueTask<T?> FirstAnswer<T>(CommandContext context, Func<TState, long, T> view)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(view);
        var at = State.VersionOf(context.RequestId);
        if (at is not { } version)
        {
            return null;
        }

        return version == Version ? view(State, Version) : view(await StateAt(version), version);
    }

    /// <summary>The state as it was at <paramref name="version"/>, replayed from the first event.</summary>
    protected async Task<TState> StateAt(long version)
    {
        var state = new TState();
        while (state.AppliedVersion < version)
        {
            var events = await Services.Store.ReadStreamAsync(StreamId, state.AppliedVersion + 1, (int)Math.Min(ReadPageSize, version - state.AppliedVersion));
            if (events.Count == 0)
            {
                break;
            }

            foreach (var e in events)
            {
                state.Apply(Services.Serializer.Deserialize<TEvent>(e.Payload)!);
            }
        }

        return state;
    }

    /// <summary>Stamps an event with the request, who made it (actor, role, client) and the time.</summary>
    protected T Stamp<T>(T @event, CommandContext context)
        where T : TEvent => @event with { RequestId = context.RequestId, Actor = context.Actor, Role = context.Role, Client = context.Client, At = Now };

    /// <summary>
    /// Raises events conditionally and waits until they are durable. Aborted if another writer got
    /// there first; Unavailable if storage does not confirm in time, and Unavailable without raising
    /// anything while an earlier change is still unconfirmed.
    /// </summary>
    /// <remarks>
    /// A change whose write timed out stays queued: the log adaptor keeps retrying it until storage
    /// answers, and then it is recorded. Its caller was told Unavailable and retries with the same
    /// request_id; <see cref="FirstAnswer"/> cannot know that request yet (it sees confirmed state only),
    /// so raising the retry's events too would record the request twice once storage is back. Until the
    /// earlier change is confirmed (or refused) every change is refused as Unavailable; afterwards the
    /// retry gets its first answer.
    /// </remarks>
    protected async Task Commit(params TEvent[] events)
    {
        if (UnconfirmedEvents.Any())
        {
            throw TrainingException.Unavailable($"An earlier change to {StreamId} is still being written; retry with the same request_id.");
        }

        bool applied;
        try
        {
            applied = await RaiseConditionalEvents(events).WaitAsync(Services.Options.WriteTimeout);
        }
        catch (TimeoutException)
        {
            throw TrainingException.Unavailable($"Storage did not confirm the change to {StreamId} in time; retry with the same request_id.");
        }

        if (!applied)
        {
            throw TrainingException.Conflict(StreamId);
        }
    }

    /// <summary>Directory entries to keep in step with the state after the pending events; none by default.</summary>
    protected virtual IReadOnlyList<DirectoryChange>? DirectoryChanges(TState stateAfter, long versionAfter) => null;

    /// <summary>
    /// Whether <paramref name="updates"/> may change the grain's directory entries. When false, <see cref="DirectoryChanges"/>
    /// is not asked and the state after the updates is not computed for it (Orleans computes it as a deep copy of the
    /// confirmed state plus the updates: costly for a large state on a hot path). True by default.
    /// </summary>
    protected virtual bool MayChangeDirectory(IReadOnlyList<TEvent> updates) => true;

    /// <summary>
    /// How many events past its last snapshot the stream may be after <paramref name="updates"/> before their commit
    /// writes a snapshot: <see cref="EventSourcingOptions.SnapshotInterval"/> unless the grain says otherwise.
    /// </summary>
    protected virtual int SnapshotInterval(IReadOnlyList<TEvent> updates) => Services.Options.SnapshotInterval;

    /// <summary>Serializes a value with the cluster's serializer (for directory payloads).</summary>
    protected byte[] Serialize<T>(T value) => Services.Serializer.SerializeToArray(value);

    /// <summary>The grain's history, oldest first, from <paramref name="fromVersion"/>.</summary>
    protected async Task<IReadOnlyList<HistoryEntry>> ReadHistory(long fromVersion, int maxCount)
    {
        var stored = await Services.Store.ReadStreamAsync(StreamId, Math.Max(1, fromVersion), Math.Clamp(maxCount, 1, ReadPageSize));
        var entries = new List<HistoryEntry>(stored.Count);
        foreach (var e in stored)
        {
            var @event = Services.Serializer.Deserialize<TEvent>(e.Payload)!;
            entries.Add(new HistoryEntry(e.Version, e.Type, e.RecordedAt, @event.Actor, @event.RequestId, @event.Describe(), @event.Role, @event.Client));
        }

        return entries;
    }

    /// <inheritdoc/>
    protected override void TransitionState(TState state, TEvent @event) => state.Apply(@event);

    /// <inheritdoc/>
    public async Task<KeyValuePair<int, TState>> ReadStateFromStorage()
    {
        var state = new TState();
        long version = 0;
        var snapshot = await Services.Store.ReadSnapshotAsync(StreamId);
        if (snapshot is not null)
        {
            state = Services.Serializer.Deserialize<TState>(snapshot.Payload)!;
            version = snapshot.Version;
        }

        lastSnapshotVersion = version;
        while (true)
        {
            var events = await Services.Store.ReadStreamAsync(StreamId, version + 1, ReadPageSize);
            foreach (var e in events)
            {
                state.Apply(Services.Serializer.Deserialize<TEvent>(e.Payload)!);
                version = e.Version;
            }

            if (events.Count < ReadPageSize)
            {
                break;
            }
        }

        return new KeyValuePair<int, TState>(checked((int)version), state);
    }

    /// <inheritdoc/>
    public async Task<bool> ApplyUpdatesToStorage(IReadOnlyList<TEvent> updates, int expectedVersion)
    {
        var events = new EventToAppend[updates.Count];
        for (var i = 0; i < updates.Count; i++)
        {
            events[i] = new EventToAppend(EventTypeName(updates[i].GetType()), Services.Serializer.SerializeToArray(updates[i]), updates[i].At);
        }

        // The tentative state is the confirmed state plus exactly these updates when nothing else is
        // queued (grains commit one change at a time); otherwise derive nothing from it this time.
        var newVersion = (long)expectedVersion + updates.Count;
        var exact = UnconfirmedEvents.Count() == updates.Count;
        SnapshotToSave? snapshot = null;
        if (exact && newVersion - lastSnapshotVersion >= SnapshotInterval(updates))
        {
            snapshot = new SnapshotToSave(newVersion, Services.Serializer.SerializeToArray(TentativeState));
        }

        var directory = exact && MayChangeDirectory(updates) ? DirectoryChanges(TentativeState, newVersion) : null;
        var outcome = await Services.Store.AppendAsync(new StreamCommit(StreamId, expectedVersion, events, directory, snapshot));
        if (outcome != AppendOutcome.Appended)
        {
            TrainingTelemetry.Conflicts.Add(1);
            return false;
        }

        foreach (var e in events)
        {
            TrainingTelemetry.EventsRecorded.Add(1, new KeyValuePair<string, object?>("event.type", e.Type));
        }

        if (snapshot is not null)
        {
            lastSnapshotVersion = newVersion;
        }

        return true;
    }

    /// <summary>
    /// Storage trouble (the store unavailable, a stream that cannot be read) is retried by the log
    /// adaptor; back off from 50 ms to 5 s so that a failing store or a bad stream does not spin a core.
    /// </summary>
    protected override void OnConnectionIssue(ConnectionIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var exponent = Math.Min(issue.NumberOfConsecutiveFailures, 7);
        issue.RetryDelay = TimeSpan.FromMilliseconds(Math.Min(5000, 50 * (1 << exponent)));
    }

    private static string EventTypeName(Type type) =>
        EventTypeNames.GetOrAdd(type, static t => t.GetCustomAttribute<AliasAttribute>(inherit: false)?.Alias ?? t.Name);
}
