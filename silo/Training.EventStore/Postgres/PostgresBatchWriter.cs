using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Training.EventStore.Sqlite;

namespace Training.EventStore.Postgres;

/// <summary>
/// The group-commit writer's connection. Used only by the writer thread, one batch at a time, with synchronous
/// I/O: the writer does not queue behind the callers' continuations in the thread pool. A batch holds at most
/// one commit per stream (the loop defers a stream's second commit to the next batch).
/// <para>
/// Usual path, one round trip: <c>BEGIN</c>, at most two statements for the whole batch, <c>COMMIT</c>, sent
/// together. Commits that expect the head this writer itself last wrote and carry only events (the steady state of
/// a grain that keeps appending) go into one plain <see cref="PostgresSql.InsertEvents"/>: no lookup, no judging,
/// the unique index alone refuses them if another writer got there first. The others go into one
/// <see cref="PostgresSql.Append"/> statement, which judges each commit against its stream's committed head and
/// writes only the matching ones, so stale and future expected versions cost nothing extra (a commit there that
/// expects the head this writer last wrote skips the lookup too). When another process inserts
/// the same (stream_id, version) concurrently, or the server refuses one commit's content, that statement fails
/// as a whole: the transaction is rolled back and the batch is written again one commit at a time in one
/// transaction, each commit in its own savepoint, so that the commit that lost the race becomes a version
/// conflict (or, refused, fails alone) and the others are appended.
/// </para>
/// </summary>
internal sealed class PostgresBatchWriter : IDisposable
{
    /// <summary>Beyond this many streams the known heads are forgotten (about 100 bytes each).</summary>
    private const int MaxKnownHeads = 100_000;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresSql _sql;
    private readonly ILogger _logger;
    private readonly HashSet<string> _conflicted = new(StringComparer.Ordinal);
    private readonly List<PendingAppend> _trusted = [];
    private readonly List<PendingAppend> _judged = [];

    // The head each stream had after this writer's last commit to it. Versions are never removed, so that
    // version surely exists: a commit expecting it needs no head lookup (the lookup costs more than the insert),
    // and the unique index still catches a newer head written by another silo.
    private readonly Dictionary<string, long> _knownHeads = new(StringComparer.Ordinal);
    private NpgsqlConnection? _connection;
    private long _oneByOneBatches;

    public PostgresBatchWriter(NpgsqlDataSource dataSource, PostgresSql sql, ILogger logger)
    {
        _dataSource = dataSource;
        _sql = sql;
        _logger = logger;
    }

    /// <summary>Batches that had to be written one commit at a time.</summary>
    public long OneByOneBatches => Interlocked.Read(ref _oneByOneBatches);

    /// <summary>
    /// Writes <paramref name="batch"/> and sets each commit's outcome (or failure), all committed when this returns.
    /// Throws when the transaction fails as a whole: then nothing of the batch was acknowledged (and, should the
    /// connection have died during COMMIT, the batch may or may not have been committed).
    /// </summary>
    public void WriteBatch(List<PendingAppend> batch)
    {
        // Sorted by stream so that writers in several processes take the unique-index entries in the same order.
        batch.Sort(static (a, b) => string.CompareOrdinal(a.Commit.StreamId, b.Commit.StreamId));
        var connection = _connection ??= _dataSource.OpenConnection();
        try
        {
            if (!TryWriteTogether(connection, batch))
            {
                Interlocked.Increment(ref _oneByOneBatches);
                WriteOneByOne(connection, batch);
            }
        }
        catch
        {
            Reset();
            throw;
        }
    }

    /// <summary>
    /// After <see cref="WriteBatch"/>: remembers the head each stream of the batch now has (or forgets it, when its
    /// commit was not appended). Only reads the batch, so it may run while the outcomes are being delivered.
    /// </summary>
    public void RememberHeads(List<PendingAppend> batch)
    {
        if (_knownHeads.Count > MaxKnownHeads)
        {
            _knownHeads.Clear();
        }

        foreach (var pending in batch)
        {
            var commit = pending.Commit;
            if (pending.Failure is null && pending.Outcome == AppendOutcome.Appended)
            {
                _knownHeads[commit.StreamId] = commit.ExpectedVersion + commit.Events.Count;
            }
            else
            {
                _knownHeads.Remove(commit.StreamId);
            }
        }
    }

    public void Dispose() => Reset();

    private bool TryWriteTogether(NpgsqlConnection connection, List<PendingAppend> batch)
    {
        // Commits expecting the head this writer last wrote, with events only, need no judging: a plain insert.
        _trusted.Clear();
        _judged.Clear();
        foreach (var pending in batch)
        {
            var commit = pending.Commit;
            (commit.Directory is null or { Count: 0 } && commit.Snapshot is null && IsKnownHead(commit) ? _trusted : _judged).Add(pending);
        }

        using var command = new NpgsqlBatch(connection);
        command.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        if (_trusted.Count > 0)
        {
            command.BatchCommands.Add(InsertCommand(_trusted));
        }

        if (_judged.Count > 0)
        {
            command.BatchCommands.Add(AppendCommand(_judged, 0, _judged.Count, trustKnownHeads: true));
        }

        command.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        try
        {
            ReadConflicts(command);
        }
        catch (PostgresException ex) when (PostgresErrors.IsCommitFault(ex) || ex.SqlState is "40P01" or "40001")
        {
            Execute(connection, "ROLLBACK");
            PostgresEventStoreLog.FallingBackToOneByOne(_logger, batch.Count, ex.SqlState);
            return false;
        }

        foreach (var pending in _trusted)
        {
            pending.Outcome = AppendOutcome.Appended;
        }

        foreach (var pending in _judged)
        {
            pending.Outcome = _conflicted.Contains(pending.Commit.StreamId) ? AppendOutcome.VersionConflict : AppendOutcome.Appended;
        }

        return true;
    }

    private void WriteOneByOne(NpgsqlConnection connection, List<PendingAppend> batch)
    {
        Execute(connection, "BEGIN");
        for (var i = 0; i < batch.Count; i++)
        {
            var pending = batch[i];
            using var command = new NpgsqlBatch(connection);
            command.BatchCommands.Add(new NpgsqlBatchCommand("SAVEPOINT c"));
            command.BatchCommands.Add(AppendCommand(batch, i, 1, trustKnownHeads: false));
            command.BatchCommands.Add(new NpgsqlBatchCommand("RELEASE SAVEPOINT c"));
            try
            {
                ReadConflicts(command);
                pending.Outcome = _conflicted.Count == 0 ? AppendOutcome.Appended : AppendOutcome.VersionConflict;
            }
            catch (PostgresException ex) when (PostgresErrors.IsCommitFault(ex))
            {
                Execute(connection, "ROLLBACK TO SAVEPOINT c; RELEASE SAVEPOINT c");
                if (ex.SqlState == PostgresErrors.UniqueViolation)
                {
                    // Another process committed this version first: the stream's head is no longer the expected one.
                    PostgresEventStoreLog.CommitLostRace(_logger, pending.Commit.StreamId);
                    pending.Outcome = AppendOutcome.VersionConflict;
                }
                else
                {
                    PostgresEventStoreLog.CommitFailed(_logger, ex, pending.Commit.StreamId);
                    pending.Failure = ex;
                }
            }
        }

        Execute(connection, "COMMIT");
    }

    /// <summary>Runs a batch holding one <see cref="PostgresSql.Append"/> and collects the streams whose commits conflicted into <see cref="_conflicted"/>.</summary>
    private void ReadConflicts(NpgsqlBatch command)
    {
        _conflicted.Clear();
        using var reader = command.ExecuteReader();
        do
        {
            while (reader.Read())
            {
                _conflicted.Add(reader.GetString(0));
            }
        }
        while (reader.NextResult());
    }

    /// <summary>The <see cref="PostgresSql.Append"/> statement for <paramref name="count"/> commits of the batch from <paramref name="start"/>.</summary>
    private NpgsqlBatchCommand AppendCommand(List<PendingAppend> batch, int start, int count, bool trustKnownHeads)
    {
        int changes = 0, snapshots = 0;
        for (var i = start; i < start + count; i++)
        {
            var commit = batch[i].Commit;
            changes += commit.Directory?.Count ?? 0;
            snapshots += commit.Snapshot is null ? 0 : 1;
        }

        var commitStream = new string[count];
        var commitExpected = new long[count];
        var commitKnown = new bool[count];
        var changeStream = new string[changes];
        var changeKind = new string[changes];
        var changeKey = new string[changes];
        var changeParent = new string[changes];
        var changeSearchText = new string[changes];
        var changePayload = new byte[changes][];
        var changeRemove = new bool[changes];
        var snapshotStream = new string[snapshots];
        var snapshotVersion = new long[snapshots];
        var snapshotPayload = new byte[snapshots][];

        int d = 0, s = 0;
        for (var c = 0; c < count; c++)
        {
            var commit = batch[start + c].Commit;
            commitStream[c] = commit.StreamId;
            commitExpected[c] = commit.ExpectedVersion;
            commitKnown[c] = trustKnownHeads && IsKnownHead(commit);
            if (commit.Directory is { } directory)
            {
                for (var i = 0; i < directory.Count; i++, d++)
                {
                    var change = directory[i];
                    changeStream[d] = commit.StreamId;
                    changeKind[d] = change.Kind;
                    changeKey[d] = change.Key;
                    changeParent[d] = change.Parent;
                    changeSearchText[d] = change.SearchText;
                    changePayload[d] = AsArray(change.Payload);
                    changeRemove[d] = change.Delete;
                }
            }

            if (commit.Snapshot is { } snapshot)
            {
                snapshotStream[s] = commit.StreamId;
                snapshotVersion[s] = snapshot.Version;
                snapshotPayload[s] = AsArray(snapshot.Payload);
                s++;
            }
        }

        var command = new NpgsqlBatchCommand(changes == 0 && snapshots == 0 ? _sql.AppendEvents : _sql.Append);
        var p = command.Parameters;
        p.Add(Array(commitStream, NpgsqlDbType.Text));
        p.Add(Array(commitExpected, NpgsqlDbType.Bigint));
        p.Add(Array(commitKnown, NpgsqlDbType.Boolean));
        AddEvents(p, batch, start, count);
        if (changes == 0 && snapshots == 0)
        {
            return command;
        }

        p.Add(Array(changeStream, NpgsqlDbType.Text));
        p.Add(Array(changeKind, NpgsqlDbType.Text));
        p.Add(Array(changeKey, NpgsqlDbType.Text));
        p.Add(Array(changeParent, NpgsqlDbType.Text));
        p.Add(Array(changeSearchText, NpgsqlDbType.Text));
        p.Add(Array(changePayload, NpgsqlDbType.Bytea));
        p.Add(Array(changeRemove, NpgsqlDbType.Boolean));
        p.Add(Array(snapshotStream, NpgsqlDbType.Text));
        p.Add(Array(snapshotVersion, NpgsqlDbType.Bigint));
        p.Add(Array(snapshotPayload, NpgsqlDbType.Bytea));
        return command;
    }

    /// <summary>The <see cref="PostgresSql.InsertEvents"/> statement for the events of <paramref name="commits"/>, in order.</summary>
    private NpgsqlBatchCommand InsertCommand(List<PendingAppend> commits)
    {
        var command = new NpgsqlBatchCommand(_sql.InsertEvents);
        AddEvents(command.Parameters, commits, 0, commits.Count);
        return command;
    }

    /// <summary>Whether the commit expects the head this writer itself last wrote to its stream (so that version surely exists).</summary>
    private bool IsKnownHead(StreamCommit commit)
        => commit.ExpectedVersion > 0 && _knownHeads.TryGetValue(commit.StreamId, out var known) && known == commit.ExpectedVersion;

    /// <summary>
    /// The events of <paramref name="count"/> commits from <paramref name="start"/>, in order, as six array parameters:
    /// stream, version, type, payload, recorded at (microseconds) and the ticks below the microsecond.
    /// </summary>
    private static void AddEvents(NpgsqlParameterCollection parameters, List<PendingAppend> batch, int start, int count)
    {
        var events = 0;
        for (var i = start; i < start + count; i++)
        {
            events += batch[i].Commit.Events.Count;
        }

        var stream = new string[events];
        var version = new long[events];
        var type = new string[events];
        var payload = new byte[events][];
        var recordedAt = new DateTime[events];
        var belowMicrosecond = new short[events];
        var e = 0;
        for (var c = start; c < start + count; c++)
        {
            var commit = batch[c].Commit;
            for (var i = 0; i < commit.Events.Count; i++, e++)
            {
                var item = commit.Events[i];
                var ticks = item.RecordedAt.UtcTicks;
                var below = ticks % TimeSpan.TicksPerMicrosecond;
                stream[e] = commit.StreamId;
                version[e] = commit.ExpectedVersion + 1 + i;
                type[e] = item.Type;
                payload[e] = AsArray(item.Payload);
                recordedAt[e] = new DateTime(ticks - below, DateTimeKind.Utc);
                belowMicrosecond[e] = (short)below;
            }
        }

        parameters.Add(Array(stream, NpgsqlDbType.Text));
        parameters.Add(Array(version, NpgsqlDbType.Bigint));
        parameters.Add(Array(type, NpgsqlDbType.Text));
        parameters.Add(Array(payload, NpgsqlDbType.Bytea));
        parameters.Add(Array(recordedAt, NpgsqlDbType.TimestampTz));
        parameters.Add(Array(belowMicrosecond, NpgsqlDbType.Smallint));
    }

    private static NpgsqlParameter<T[]> Array<T>(T[] values, NpgsqlDbType elementType)
        => new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | elementType };

    /// <summary>The payload's array when it is exactly one whole array (the usual case); a copy otherwise.</summary>
    private static byte[] AsArray(ReadOnlyMemory<byte> memory)
        => MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Closes the connection, which rolls back whatever is still open; the next batch opens a fresh one. Forgets
    /// the known heads too (the database may have been restored meanwhile).
    /// </summary>
    private void Reset()
    {
        _knownHeads.Clear();
        var connection = _connection;
        _connection = null;
        connection?.Dispose();
    }
}
