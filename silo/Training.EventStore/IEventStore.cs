namespace Training.EventStore;

/// <summary>
/// An append-only store of event streams, one stream per grain, with snapshots and a directory
/// (a small secondary index written in the same transaction as the events it summarises).
/// Implementations: <see cref="Sqlite.SqliteEventStore"/> (embedded) and, later, PostgreSQL.
/// Every implementation must pass the contract tests in tests/Training.EventStore.Tests.
/// </summary>
public interface IEventStore
{
    /// <summary>
    /// Appends <paramref name="commit"/> atomically: its events at versions
    /// <c>ExpectedVersion + 1 ..</c>, its directory entries and its snapshot. Completes only after the
    /// commit is durable. Appends arriving together from many streams share one transaction
    /// (group commit); each caller still learns only of its own outcome.
    /// </summary>
    /// <returns><see cref="AppendOutcome.Appended"/>, or <see cref="AppendOutcome.VersionConflict"/>
    /// when the stream's head is not <c>ExpectedVersion</c> (nothing of the commit is written).</returns>
    /// <exception cref="EventStoreUnavailableException">storage failed or is closed; nothing was acknowledged.</exception>
    Task<AppendOutcome> AppendAsync(StreamCommit commit, CancellationToken cancellationToken = default);

    /// <summary>Reads events of one stream with version &gt;= <paramref name="fromVersion"/>, in order, at most <paramref name="maxCount"/>.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(string streamId, long fromVersion, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The newest snapshot of a stream, or null.</summary>
    Task<StoredSnapshot?> ReadSnapshotAsync(string streamId, CancellationToken cancellationToken = default);

    /// <summary>The version of the last event of a stream; 0 when the stream is empty.</summary>
    Task<long> ReadStreamVersionAsync(string streamId, CancellationToken cancellationToken = default);

    /// <summary>Lists directory entries of one kind under one parent, ordered by key, after <see cref="DirectoryQuery.AfterKey"/>.</summary>
    Task<IReadOnlyList<DirectoryEntry>> QueryDirectoryAsync(DirectoryQuery query, CancellationToken cancellationToken = default);

    /// <summary>One directory entry by kind and key, or null.</summary>
    Task<DirectoryEntry?> GetDirectoryEntryAsync(string kind, string key, CancellationToken cancellationToken = default);
}

/// <summary>What to write in one atomic append.</summary>
/// <param name="StreamId">The stream (one per grain), e.g. <c>staff/SD-0001</c>.</param>
/// <param name="ExpectedVersion">The stream's current head as the writer knows it; 0 for a new stream.</param>
/// <param name="Events">The events, at least one.</param>
/// <param name="Directory">Directory entries to upsert (or delete) in the same transaction.</param>
/// <param name="Snapshot">A snapshot of the state after these events, or null.</param>
public sealed record StreamCommit(
    string StreamId,
    long ExpectedVersion,
    IReadOnlyList<EventToAppend> Events,
    IReadOnlyList<DirectoryChange>? Directory = null,
    SnapshotToSave? Snapshot = null);

/// <summary>One event to append.</summary>
/// <param name="Type">A stable type name (the event's serializer alias), for reading the store by eye.</param>
/// <param name="Payload">The serialized event.</param>
/// <param name="RecordedAt">When the event was raised (UTC).</param>
public sealed record EventToAppend(string Type, ReadOnlyMemory<byte> Payload, DateTimeOffset RecordedAt);

/// <summary>One stored event.</summary>
/// <param name="Position">The store-wide order in which the event was committed.</param>
public sealed record StoredEvent(string StreamId, long Version, string Type, byte[] Payload, DateTimeOffset RecordedAt, long Position);

/// <summary>A snapshot to save: the state at <see cref="Version"/>.</summary>
public sealed record SnapshotToSave(long Version, ReadOnlyMemory<byte> Payload);

/// <summary>A stored snapshot: the state of <see cref="StreamId"/> at <see cref="Version"/>.</summary>
public sealed record StoredSnapshot(string StreamId, long Version, byte[] Payload);

/// <summary>
/// Upserts (or, with <see cref="Delete"/>, removes) the directory entry (<see cref="Kind"/>, <see cref="Key"/>).
/// A key appears at most once per kind; moving it to another parent is an upsert with the new parent.
/// </summary>
/// <param name="Kind">e.g. <c>staff</c>, <c>center</c>, <c>course</c>.</param>
/// <param name="Key">The resource's key within the kind (unique), e.g. its resource name.</param>
/// <param name="Parent">The parent the entry is listed under, e.g. a centre's resource name; empty for top-level.</param>
/// <param name="SearchText">Lower-case text matched by <see cref="DirectoryQuery.Search"/> (names, numbers).</param>
/// <param name="Payload">A serialized summary, enough to list without activating the grain.</param>
public sealed record DirectoryChange(string Kind, string Key, string Parent, string SearchText, ReadOnlyMemory<byte> Payload, bool Delete = false);

/// <summary>A directory entry as stored.</summary>
public sealed record DirectoryEntry(string Kind, string Key, string Parent, string SearchText, byte[] Payload);

/// <summary>A page of directory entries.</summary>
/// <param name="Kind">Entry kind.</param>
/// <param name="Parent">Only entries under this parent.</param>
/// <param name="AfterKey">Keyset paging: only keys ordinally greater than this; null for the first page.</param>
/// <param name="Limit">At most this many entries.</param>
/// <param name="Search">When set, only entries whose search text contains it (case-insensitive).</param>
public sealed record DirectoryQuery(string Kind, string Parent, string? AfterKey, int Limit, string? Search = null);

/// <summary>The outcome of one append.</summary>
public enum AppendOutcome
{
    /// <summary>The commit is durable.</summary>
    Appended,

    /// <summary>The stream's head was not the expected version; nothing was written.</summary>
    VersionConflict,
}

/// <summary>The store could not take or confirm a write (I/O failure, disk full, closed, database down). Retryable.</summary>
public sealed class EventStoreUnavailableException : Exception
{
    public EventStoreUnavailableException()
    {
    }

    public EventStoreUnavailableException(string message)
        : base(message)
    {
    }

    public EventStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
