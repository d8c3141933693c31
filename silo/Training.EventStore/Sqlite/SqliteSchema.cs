using Microsoft.Data.Sqlite;

namespace Training.EventStore.Sqlite;

/// <summary>Creates and checks the schema of <c>events.db</c>.</summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this code writes and understands.</summary>
    public const long CurrentVersion = 1;

    private const string CreateVersion1 = """
        CREATE TABLE IF NOT EXISTS events (
            position    INTEGER PRIMARY KEY AUTOINCREMENT,
            stream_id   TEXT    NOT NULL,
            version     INTEGER NOT NULL,
            type        TEXT    NOT NULL,
            payload     BLOB    NOT NULL,
            recorded_at INTEGER NOT NULL, -- UTC ticks (100 ns since 0001-01-01)
            UNIQUE (stream_id, version)
        ) STRICT;

        CREATE TABLE IF NOT EXISTS snapshots (
            stream_id TEXT    PRIMARY KEY,
            version   INTEGER NOT NULL,
            payload   BLOB    NOT NULL
        ) STRICT;

        CREATE TABLE IF NOT EXISTS directory (
            kind        TEXT NOT NULL,
            key         TEXT NOT NULL,
            parent      TEXT NOT NULL,
            search_text TEXT NOT NULL,
            payload     BLOB NOT NULL,
            PRIMARY KEY (kind, key)
        ) STRICT;

        CREATE INDEX IF NOT EXISTS directory_by_parent ON directory (kind, parent, key);

        INSERT INTO schema_version (id, version) VALUES (1, 1);
        """;

    /// <summary>Creates the tables when missing (idempotent) and refuses ones written by a newer schema (<see cref="SqliteVersionedSchema"/>).</summary>
    /// <returns>The schema version in the file.</returns>
    public static long Ensure(SqliteConnection connection, string path) =>
        SqliteVersionedSchema.Ensure(connection, path, new SqliteSchemaDefinition("schema_version", CurrentVersion, CreateVersion1, "event store file", "Training.EventStore"));
}
