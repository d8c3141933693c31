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
/// Usual path, one round trip: <c>BEGIN</c>, one <see cref="PostgresSql.Append"/> statement for the whole batch,
/// <c>COMMIT</c>, sent together. The statement judges every commit against its stream's committed head and writes
/// only the matching ones, so stale and future expected versions cost nothing extra — except a commit expecting
/// the head this writer itself last wrote, which skips the lookup and relies on the unique index alone. When another process inserts
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
        using var command = new NpgsqlBatch(connection);
        command.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        command.BatchCommands.Add(AppendCommand(batch, 0, batch.Count, trustKnownHeads: true));
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

        foreach (var pending in batch)
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
        int events = 0, changes = 0, snapshots = 0;
        for (var i = start; i < start + count; i++)
        {
            var commit = batch[i].Commit;
            events += commit.Events.Count;
            changes += commit.Directory?.Count ?? 0;
            snapshots += commit.Snapshot is null ? 0 : 1;
        }

        var commitStream = new string[count];
        var commitExpected = new long[count];
        var commitKnown = new bool[count];
        var eventStream = new string[events];
        var eventVersion = new long[events];
        var eventType = new string[events];
        var eventPayload = new byte[events][];
        var eventRecordedAt = new DateTime[events];
        var eventTicks = new short[events];
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

        int e = 0, d = 0, s = 0;
        for (var c = 0; c < count; c++)
        {
            var commit = batch[start + c].Commit;
            commitStream[c] = commit.StreamId;
            commitExpected[c] = commit.ExpectedVersion;
            commitKnown[c] = trustKnownHeads && commit.ExpectedVersion > 0
                && _knownHeads.TryGetValue(commit.StreamId, out var known) && known == commit.ExpectedVersion;
            for (var i = 0; i < commit.Events.Count; i++, e++)
            {
                var item = commit.Events[i];
                var ticks = item.RecordedAt.UtcTicks;
                var belowMicrosecond = ticks % TimeSpan.TicksPerMicrosecond;
                eventStream[e] = commit.StreamId;
                eventVersion[e] = commit.ExpectedVersion + 1 + i;
                eventType[e] = item.Type;
                eventPayload[e] = AsArray(item.Payload);
                eventRecordedAt[e] = new DateTime(ticks - belowMicrosecond, DateTimeKind.Utc);
                eventTicks[e] = (short)belowMicrosecond;
            }

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
        p.Add(Array(eventStream, NpgsqlDbType.Text));
        p.Add(Array(eventVersion, NpgsqlDbType.Bigint));
        p.Add(Array(eventType, NpgsqlDbType.Text));
        p.Add(Array(eventPayload, NpgsqlDbType.Bytea));
        p.Add(Array(eventRecordedAt, NpgsqlDbType.TimestampTz));
        p.Add(Array(eventTicks, NpgsqlDbType.Smallint));
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
