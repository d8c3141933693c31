using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Training.EventStore.Sqlite;

/// <summary>Creates and checks the schema of <c>events.db</c>.</summary>
internal static class SqliteSchema
{
    /// <summary>The schema version this code writes and understands.</summary>
    public const long CurrentVersion = 1;

    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            id      INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL
        ) STRICT;
        """;

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

    /// <summary>
    /// Creates the schema when the file is new (idempotent), and refuses a file written by a newer schema.
    /// Runs in one immediate transaction, so two processes opening the same new file cannot both create it.
    /// </summary>
    /// <returns>The schema version of the file.</returns>
    public static long Ensure(SqliteConnection connection, string path)
    {
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            Execute(connection, CreateVersionTable);
            long? version;
            using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT version FROM schema_version WHERE id = 1";
                version = read.ExecuteScalar() is long v ? v : null;
            }

            if (version is null)
            {
                Execute(connection, CreateVersion1);
                version = CurrentVersion;
            }
            else if (version > CurrentVersion)
            {
                throw new InvalidOperationException(string.Format(
                    CultureInfo.InvariantCulture,
                    "The event store file '{0}' has schema version {1}, but this build of Training.EventStore only understands versions up to {2}. It was written by a newer release: run that release (or newer) on this data folder instead; the file was not modified.",
                    path,
                    version,
                    CurrentVersion));
            }

            // Versions older than CurrentVersion would be migrated here, step by step, in this transaction.
            Execute(connection, "COMMIT");
            return version.Value;
        }
        catch
        {
            try
            {
                Execute(connection, "ROLLBACK");
            }
            catch (SqliteException)
            {
                // Already rolled back by SQLite; the original error is the one to report.
            }

            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
