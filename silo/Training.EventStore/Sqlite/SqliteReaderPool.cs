using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Training.EventStore.Sqlite;

/// <summary>
/// Read connections with their prepared statements, kept open and reused (WAL lets them read while the
/// writer writes). A session serves one caller at a time; more concurrent readers than the pool keeps
/// open get a connection of their own that is closed afterwards.
/// </summary>
internal sealed class SqliteReaderPool : IDisposable
{
    private readonly string _connectionString;
    private readonly long _busyTimeoutMs;
    private readonly int _maxIdle;
    private readonly ConcurrentQueue<SqliteReadSession> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    public SqliteReaderPool(string connectionString, TimeSpan busyTimeout, int maxIdle)
    {
        _connectionString = connectionString;
        _busyTimeoutMs = (long)busyTimeout.TotalMilliseconds;
        _maxIdle = maxIdle;
    }

    public SqliteReadSession Rent()
    {
        if (_idle.TryDequeue(out var session))
        {
            Interlocked.Decrement(ref _idleCount);
            return session;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA query_only = 1;");
                pragma.ExecuteNonQuery();
            }

            return new SqliteReadSession(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Returns a healthy session for reuse (a session that failed is disposed instead).</summary>
    public void Return(SqliteReadSession session)
    {
        if (_disposed || Interlocked.Increment(ref _idleCount) > _maxIdle)
        {
            if (!_disposed)
            {
                Interlocked.Decrement(ref _idleCount);
            }

            session.Dispose();
            return;
        }

        _idle.Enqueue(session);
        if (_disposed)
        {
            DisposeIdle();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        DisposeIdle();
    }

    private void DisposeIdle()
    {
        while (_idle.TryDequeue(out var session))
        {
            session.Dispose();
        }
    }
}

/// <summary>One read connection and its lazily prepared statements.</summary>
internal sealed class SqliteReadSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private SqliteCommand? _readStream;
    private SqliteCommand? _readSnapshot;
    private SqliteCommand? _readVersion;
    private SqliteCommand? _getEntry;
    private SqliteCommand? _query;

    public SqliteReadSession(SqliteConnection connection) => _connection = connection;

    public List<StoredEvent> ReadStream(string streamId, long fromVersion, int maxCount)
    {
        var command = _readStream ??= Prepare(
            "SELECT version, type, payload, recorded_at, position FROM events WHERE stream_id = $stream AND version >= $from ORDER BY version LIMIT $limit",
            ("$stream", SqliteType.Text),
            ("$from", SqliteType.Integer),
            ("$limit", SqliteType.Integer));
        command.Parameters[0].Value = streamId;
        command.Parameters[1].Value = fromVersion;
        command.Parameters[2].Value = maxCount;

        var events = new List<StoredEvent>(Math.Min(maxCount, 64));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            events.Add(new StoredEvent(
                streamId,
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetFieldValue<byte[]>(2),
                new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                reader.GetInt64(4)));
        }

        return events;
    }

    public StoredSnapshot? ReadSnapshot(string streamId)
    {
        var command = _readSnapshot ??= Prepare(
            "SELECT version, payload FROM snapshots WHERE stream_id = $stream",
            ("$stream", SqliteType.Text));
        command.Parameters[0].Value = streamId;
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredSnapshot(streamId, reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : null;
    }

    public long ReadStreamVersion(string streamId)
    {
        var command = _readVersion ??= Prepare(
            "SELECT version FROM events WHERE stream_id = $stream ORDER BY version DESC LIMIT 1",
            ("$stream", SqliteType.Text));
        command.Parameters[0].Value = streamId;
        return command.ExecuteScalar() is long version ? version : 0;
    }

    public DirectoryEntry? GetDirectoryEntry(string kind, string key)
    {
        var command = _getEntry ??= Prepare(
            "SELECT parent, search_text, payload FROM directory WHERE kind = $kind AND key = $key",
            ("$kind", SqliteType.Text),
            ("$key", SqliteType.Text));
        command.Parameters[0].Value = kind;
        command.Parameters[1].Value = key;
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new DirectoryEntry(kind, key, reader.GetString(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2))
            : null;
    }

    public List<DirectoryEntry> QueryDirectory(DirectoryQuery query, string? search)
    {
        // (kind, parent, key) index: a range scan from after_key, stopping after `limit` matches.
        var command = _query ??= Prepare(
            """
            SELECT key, search_text, payload FROM directory
            WHERE kind = $kind AND parent = $parent AND key > $after
              AND ($search IS NULL OR instr(search_text, $search) > 0)
            ORDER BY key
            LIMIT $limit
            """,
            ("$kind", SqliteType.Text),
            ("$parent", SqliteType.Text),
            ("$after", SqliteType.Text),
            ("$search", SqliteType.Text),
            ("$limit", SqliteType.Integer));
        command.Parameters[0].Value = query.Kind;
        command.Parameters[1].Value = query.Parent;
        command.Parameters[2].Value = query.AfterKey ?? "";
        command.Parameters[3].Value = (object?)search ?? DBNull.Value;
        command.Parameters[4].Value = query.Limit;

        var entries = new List<DirectoryEntry>(Math.Min(query.Limit, 256));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(new DirectoryEntry(query.Kind, reader.GetString(0), query.Parent, reader.GetString(1), reader.GetFieldValue<byte[]>(2)));
        }

        return entries;
    }

    public void Dispose()
    {
        _readStream?.Dispose();
        _readSnapshot?.Dispose();
        _readVersion?.Dispose();
        _getEntry?.Dispose();
        _query?.Dispose();
        _connection.Dispose();
    }

    private SqliteCommand Prepare(string sql, params ReadOnlySpan<(string Name, SqliteType Type)> parameters)
    {
        var command = _connection.CreateCommand();
        try
        {
            command.CommandText = sql;
            foreach (var (name, type) in parameters)
            {
                command.Parameters.Add(name, type);
            }

            command.Prepare();
            return command;
        }
        catch
        {
            command.Dispose();
            throw;
        }
    }
}
