using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Training.EventStore.Sqlite;

/// <summary>
/// The single writer connection and its prepared statements. Used only by the writer thread.
/// Writes one batch of commits in one transaction, one savepoint per commit (none for a commit of a single
/// statement, which SQLite undoes alone when it fails). The version check reads a stream's head once and then
/// remembers it: the writer is the only writer of its file, so the head it wrote last is the head. Whatever the
/// writer remembers is forgotten when a batch fails as a whole (nothing of it was committed) and for a stream whose
/// commit was undone.
/// </summary>
internal sealed class SqliteBatchWriter : IDisposable
{
    private readonly SqliteEventStoreOptions _options;
    private readonly string _connectionString;
    private readonly ILogger _logger;
    /// <summary>Most stream heads remembered; when full, they are forgotten and read again.</summary>
    private const int MaxRememberedHeads = 100_000;

    /// <summary>Stream → the version of its last event as this writer wrote or read it, including the open transaction's.</summary>
    private readonly Dictionary<string, long> _heads = new(StringComparer.Ordinal);

    private Statements? _statements;

    public SqliteBatchWriter(SqliteEventStoreOptions options, string connectionString, ILogger logger)
    {
        _options = options;
        _connectionString = connectionString;
        _logger = logger;
    }

    /// <summary>
    /// Writes <paramref name="batch"/> in one transaction and sets each commit's outcome. Throws when the
    /// transaction fails as a whole (nothing of the batch is then committed).
    /// </summary>
    public void WriteBatch(List<PendingAppend> batch)
    {
        var s = _statements ??= Open();
        s.Begin.ExecuteNonQuery();
        try
        {
            for (var i = 0; i < batch.Count; i++)
            {
                Apply(s, batch[i]);
            }

            s.Commit.ExecuteNonQuery();
        }
        catch
        {
            Reset();
            throw;
        }
    }

    /// <summary>Opens the writer connection now (at start-up), so that configuration errors surface early.</summary>
    public void EnsureOpen() => _statements ??= Open();

    public void Dispose() => Reset();

    private void Apply(Statements s, PendingAppend pending)
    {
        var commit = pending.Commit;
        if (!_heads.TryGetValue(commit.StreamId, out var head))
        {
            s.HeadStream.Value = commit.StreamId;
            head = s.Head.ExecuteScalar() is long version ? version : 0L;
            if (_heads.Count >= MaxRememberedHeads)
            {
                _heads.Clear();
            }

            _heads[commit.StreamId] = head;
        }

        if (head != commit.ExpectedVersion)
        {
            pending.Outcome = AppendOutcome.VersionConflict;
            return;
        }

        // One statement needs no savepoint: SQLite undoes a failed statement alone and the transaction goes on.
        var single = commit.Events.Count == 1 && commit.Directory is not { Count: > 0 } && commit.Snapshot is null;
        if (!single)
        {
            s.Savepoint.ExecuteNonQuery();
        }

        try
        {
            var events = commit.Events;
            s.EventStream.Value = commit.StreamId;
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                s.EventVersion.Value = commit.ExpectedVersion + 1 + i;
                s.EventType.Value = e.Type;
                s.EventPayload.Value = AsArray(e.Payload);
                s.EventRecordedAt.Value = e.RecordedAt.UtcTicks;
                s.InsertEvent.ExecuteNonQuery();
            }

            if (commit.Directory is { } changes)
            {
                for (var i = 0; i < changes.Count; i++)
                {
                    var change = changes[i];
                    if (change.Delete)
                    {
                        s.DeleteKind.Value = change.Kind;
                        s.DeleteKey.Value = change.Key;
                        s.DeleteDirectory.ExecuteNonQuery();
                    }
                    else
                    {
                        s.UpsertKind.Value = change.Kind;
                        s.UpsertKey.Value = change.Key;
                        s.UpsertParent.Value = change.Parent;
                        s.UpsertSearchText.Value = change.SearchText;
                        s.UpsertPayload.Value = AsArray(change.Payload);
                        s.UpsertDirectory.ExecuteNonQuery();
                    }
                }
            }

            if (commit.Snapshot is { } snapshot)
            {
                s.SnapshotStream.Value = commit.StreamId;
                s.SnapshotVersion.Value = snapshot.Version;
                s.SnapshotPayload.Value = AsArray(snapshot.Payload);
                s.UpsertSnapshot.ExecuteNonQuery();
            }

            if (!single)
            {
                s.Release.ExecuteNonQuery();
            }

            _heads[commit.StreamId] = commit.ExpectedVersion + commit.Events.Count;
            pending.Outcome = AppendOutcome.Appended;
        }
        catch (SqliteException ex) when (SqliteErrors.IsConstraintViolation(ex))
        {
            // E.g. UNIQUE(stream_id, version): someone else owns that version. Only this commit is undone.
            RollBack(s, single, commit.StreamId);
            SqliteEventStoreLog.CommitRejectedByConstraint(_logger, ex, commit.StreamId);
            pending.Outcome = AppendOutcome.VersionConflict;
        }
        catch (Exception ex) when (ex is not SqliteException sqlite || !SqliteErrors.IsStorageFailure(sqlite))
        {
            // A fault of this commit (e.g. a payload beyond SQLite's limits), not of the storage: undo it,
            // fail its caller, keep the others.
            RollBack(s, single, commit.StreamId);
            SqliteEventStoreLog.CommitFailed(_logger, ex, commit.StreamId);
            pending.Failure = ex;
        }
    }

    /// <summary>Undoes a failed commit (its savepoint; a single statement was undone by SQLite) and forgets its stream's head.</summary>
    private void RollBack(Statements s, bool single, string streamId)
    {
        _heads.Remove(streamId);
        if (!single)
        {
            s.RollbackToSavepoint.ExecuteNonQuery();
            s.Release.ExecuteNonQuery();
        }
    }

    /// <summary>The payload's array when it is exactly one whole array (the usual case); a copy otherwise.</summary>
    private static byte[] AsArray(ReadOnlyMemory<byte> memory)
        => MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();

    /// <summary>Closes the connection, which rolls back whatever is still open; the next batch opens a fresh one.</summary>
    private void Reset()
    {
        _heads.Clear();
        var statements = _statements;
        _statements = null;
        statements?.Dispose();
    }

    private Statements Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA journal_mode = WAL";
                var mode = pragma.ExecuteScalar() as string;
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    SqliteEventStoreLog.NotWal(_logger, mode ?? "?");
                }

                pragma.CommandText = string.Create(
                    CultureInfo.InvariantCulture,
                    $"PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(long)_options.BusyTimeout.TotalMilliseconds};");
                pragma.ExecuteNonQuery();
            }

            _options.WriterConnectionOpened?.Invoke(connection);
            return new Statements(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The writer's prepared statements, reused for every batch.</summary>
    private sealed class Statements : IDisposable
    {
        private readonly List<SqliteCommand> _all = new(12);

        public Statements(SqliteConnection connection)
        {
            Connection = connection;
            Begin = Prepare("BEGIN IMMEDIATE");
            Commit = Prepare("COMMIT");
            Savepoint = Prepare("SAVEPOINT c");
            Release = Prepare("RELEASE c");
            RollbackToSavepoint = Prepare("ROLLBACK TO c");

            Head = Prepare("SELECT version FROM events WHERE stream_id = $stream ORDER BY version DESC LIMIT 1");
            HeadStream = Head.Parameters.Add("$stream", SqliteType.Text);

            InsertEvent = Prepare("INSERT INTO events (stream_id, version, type, payload, recorded_at) VALUES ($stream, $version, $type, $payload, $recorded_at)");
            EventStream = InsertEvent.Parameters.Add("$stream", SqliteType.Text);
            EventVersion = InsertEvent.Parameters.Add("$version", SqliteType.Integer);
            EventType = InsertEvent.Parameters.Add("$type", SqliteType.Text);
            EventPayload = InsertEvent.Parameters.Add("$payload", SqliteType.Blob);
            EventRecordedAt = InsertEvent.Parameters.Add("$recorded_at", SqliteType.Integer);

            UpsertDirectory = Prepare("""
                INSERT INTO directory (kind, key, parent, search_text, payload) VALUES ($kind, $key, $parent, $search_text, $payload)
                ON CONFLICT (kind, key) DO UPDATE SET parent = excluded.parent, search_text = excluded.search_text, payload = excluded.payload
                """);
            UpsertKind = UpsertDirectory.Parameters.Add("$kind", SqliteType.Text);
            UpsertKey = UpsertDirectory.Parameters.Add("$key", SqliteType.Text);
            UpsertParent = UpsertDirectory.Parameters.Add("$parent", SqliteType.Text);
            UpsertSearchText = UpsertDirectory.Parameters.Add("$search_text", SqliteType.Text);
            UpsertPayload = UpsertDirectory.Parameters.Add("$payload", SqliteType.Blob);

            DeleteDirectory = Prepare("DELETE FROM directory WHERE kind = $kind AND key = $key");
            DeleteKind = DeleteDirectory.Parameters.Add("$kind", SqliteType.Text);
            DeleteKey = DeleteDirectory.Parameters.Add("$key", SqliteType.Text);

            UpsertSnapshot = Prepare("""
                INSERT INTO snapshots (stream_id, version, payload) VALUES ($stream, $version, $payload)
                ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, payload = excluded.payload
                WHERE excluded.version > snapshots.version
                """);
            SnapshotStream = UpsertSnapshot.Parameters.Add("$stream", SqliteType.Text);
            SnapshotVersion = UpsertSnapshot.Parameters.Add("$version", SqliteType.Integer);
            SnapshotPayload = UpsertSnapshot.Parameters.Add("$payload", SqliteType.Blob);

            foreach (var command in _all)
            {
                // Transaction-control statements are prepared lazily by SQLite itself once they run.
                if (command.Parameters.Count > 0)
                {
                    command.Prepare();
                }
            }
        }

        public SqliteConnection Connection { get; }

        public SqliteCommand Begin { get; }

        public SqliteCommand Commit { get; }

        public SqliteCommand Savepoint { get; }

        public SqliteCommand Release { get; }

        public SqliteCommand RollbackToSavepoint { get; }

        public SqliteCommand Head { get; }

        public SqliteParameter HeadStream { get; }

        public SqliteCommand InsertEvent { get; }

        public SqliteParameter EventStream { get; }

        public SqliteParameter EventVersion { get; }

        public SqliteParameter EventType { get; }

        public SqliteParameter EventPayload { get; }

        public SqliteParameter EventRecordedAt { get; }

        public SqliteCommand UpsertDirectory { get; }

        public SqliteParameter UpsertKind { get; }

        public SqliteParameter UpsertKey { get; }

        public SqliteParameter UpsertParent { get; }

        public SqliteParameter UpsertSearchText { get; }

        public SqliteParameter UpsertPayload { get; }

        public SqliteCommand DeleteDirectory { get; }

        public SqliteParameter DeleteKind { get; }

        public SqliteParameter DeleteKey { get; }

        public SqliteCommand UpsertSnapshot { get; }

        public SqliteParameter SnapshotStream { get; }

        public SqliteParameter SnapshotVersion { get; }

        public SqliteParameter SnapshotPayload { get; }

        public void Dispose()
        {
            foreach (var command in _all)
            {
                command.Dispose();
            }

            Connection.Dispose();
        }

        private SqliteCommand Prepare(string sql)
        {
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            _all.Add(command);
            return command;
        }
    }
}
