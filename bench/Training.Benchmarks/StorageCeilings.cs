using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Training.EventStore;
using Training.EventStore.Sqlite;

namespace Training.Benchmarks;

/// <summary>
/// Write ceilings for bulk registration, each into a fresh file in its own folder:
/// a raw SQLite insert loop (no Orleans, no gRPC, no group-commit machinery) and the project's
/// <see cref="SqliteEventStore"/> driven directly.
/// </summary>
internal static class StorageCeilings
{
    /// <summary>The event store's tables (as in Training.EventStore's schema version 1).</summary>
    private const string Schema = """
        CREATE TABLE events (
            position    INTEGER PRIMARY KEY AUTOINCREMENT,
            stream_id   TEXT    NOT NULL,
            version     INTEGER NOT NULL,
            type        TEXT    NOT NULL,
            payload     BLOB    NOT NULL,
            recorded_at INTEGER NOT NULL,
            UNIQUE (stream_id, version)
        ) STRICT;
        CREATE TABLE directory (
            kind        TEXT NOT NULL,
            key         TEXT NOT NULL,
            parent      TEXT NOT NULL,
            search_text TEXT NOT NULL,
            payload     BLOB NOT NULL,
            PRIMARY KEY (kind, key)
        ) STRICT;
        CREATE INDEX directory_by_parent ON directory (kind, parent, key);
        """;

    /// <summary>
    /// Inserts <paramref name="rows"/> staff registrations with plain prepared statements, <paramref name="rowsPerTransaction"/>
    /// per transaction, WAL + synchronous=FULL. With <paramref name="asStore"/> each row does what the store does per commit
    /// (head lookup, savepoint, event insert, directory upsert, release); without, one event insert per row.
    /// </summary>
    public static TimeSpan RawInsert(string folder, int rows, int rowsPerTransaction, int eventBytes, int directoryBytes, bool asStore)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "raw.db");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL");
        Execute(connection, "PRAGMA synchronous = FULL");
        Execute(connection, Schema);

        using var begin = Command(connection, "BEGIN IMMEDIATE");
        using var commit = Command(connection, "COMMIT");
        using var savepoint = Command(connection, "SAVEPOINT c");
        using var release = Command(connection, "RELEASE c");
        using var head = Command(connection, "SELECT version FROM events WHERE stream_id = $stream ORDER BY version DESC LIMIT 1");
        var headStream = head.Parameters.Add("$stream", SqliteType.Text);
        using var insert = Command(connection, "INSERT INTO events (stream_id, version, type, payload, recorded_at) VALUES ($stream, 1, 'staff.registered.v1', $payload, $at)");
        var stream = insert.Parameters.Add("$stream", SqliteType.Text);
        var payload = insert.Parameters.Add("$payload", SqliteType.Blob);
        var at = insert.Parameters.Add("$at", SqliteType.Integer);
        using var upsert = Command(connection, """
            INSERT INTO directory (kind, key, parent, search_text, payload) VALUES ('staff', $key, $parent, $search, $payload)
            ON CONFLICT (kind, key) DO UPDATE SET parent = excluded.parent, search_text = excluded.search_text, payload = excluded.payload
            """);
        var key = upsert.Parameters.Add("$key", SqliteType.Text);
        var parent = upsert.Parameters.Add("$parent", SqliteType.Text);
        var search = upsert.Parameters.Add("$search", SqliteType.Text);
        var directoryPayload = upsert.Parameters.Add("$payload", SqliteType.Blob);
        head.Prepare();
        insert.Prepare();
        upsert.Prepare();

        var eventPayload = Filler(eventBytes);
        var entryPayload = Filler(directoryBytes);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < rows; i += rowsPerTransaction)
        {
            begin.ExecuteNonQuery();
            for (var j = i; j < Math.Min(rows, i + rowsPerTransaction); j++)
            {
                var streamId = StaffStream(j);
                if (asStore)
                {
                    headStream.Value = streamId;
                    _ = head.ExecuteScalar();
                    savepoint.ExecuteNonQuery();
                }

                stream.Value = streamId;
                payload.Value = eventPayload;
                at.Value = DateTime.UtcNow.Ticks;
                insert.ExecuteNonQuery();
                if (asStore)
                {
                    key.Value = streamId;
                    parent.Value = $"regions/bench/counties/county/centers/c{j % 100:D3}";
                    search.Value = $"员工{j} s{j:D6}";
                    directoryPayload.Value = entryPayload;
                    upsert.ExecuteNonQuery();
                    release.ExecuteNonQuery();
                }
            }

            commit.ExecuteNonQuery();
        }

        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Appends <paramref name="rows"/> one-event commits (each with one directory entry, as a registration writes) to a fresh
    /// <see cref="SqliteEventStore"/> with <paramref name="inFlight"/> appends outstanding, so that they meet in its group commit.
    /// </summary>
    public static async Task<TimeSpan> StoreAppend(string folder, int rows, int inFlight, int eventBytes, int directoryBytes)
    {
        await using var store = await SqliteEventStore.OpenAsync(new SqliteEventStoreOptions { DataDirectory = folder }, NullLogger<SqliteEventStore>.Instance);
        var eventPayload = Filler(eventBytes);
        var entryPayload = Filler(directoryBytes);
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Workers.RunAsync(inFlight, async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < rows)
            {
                var streamId = StaffStream(i);
                var outcome = await store.AppendAsync(new StreamCommit(
                    streamId,
                    0,
                    [new EventToAppend("staff.registered.v1", eventPayload, DateTimeOffset.UtcNow)],
                    [new DirectoryChange("staff", streamId, $"regions/bench/counties/county/centers/c{i % 100:D3}", $"员工{i} s{i:D6}", entryPayload)]));
                if (outcome != AppendOutcome.Appended)
                {
                    throw new InvalidOperationException($"{streamId}: {outcome}");
                }
            }
        });
        return Stopwatch.GetElapsedTime(started);
    }

    private static string StaffStream(int i) => $"staff/S{i:D6}";

    private static byte[] Filler(int size)
    {
        var bytes = new byte[Math.Max(1, size)];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, sql);
        command.ExecuteNonQuery();
    }
}
