using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Training.Reminders.Sqlite;

/// <summary>
/// Creates and checks the reminder table in <c>events.db</c>. It is versioned on its own
/// (<c>reminders_schema_version</c>), apart from the event store's <c>schema_version</c>, so either can change
/// without the other.
/// </summary>
internal static class SqliteReminderSchema
{
    /// <summary>The schema version of the reminder table this code writes and understands.</summary>
    public const long CurrentVersion = 1;

    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS reminders_schema_version (
            id      INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL
        ) STRICT;
        """;

    private const string CreateVersion1 = """
        CREATE TABLE IF NOT EXISTS reminders (
            service_id    TEXT    NOT NULL,
            grain_id      TEXT    NOT NULL, -- GrainId.ToString(), read back with GrainId.Parse
            reminder_name TEXT    NOT NULL,
            grain_hash    INTEGER NOT NULL, -- GrainId.GetUniformHashCode(), 0 .. 2^32-1
            start_at      INTEGER NOT NULL, -- UTC ticks (100 ns since 0001-01-01) of the first tick
            period        INTEGER NOT NULL, -- ticks (100 ns)
            etag          TEXT    NOT NULL, -- new random value on every upsert
            PRIMARY KEY (service_id, grain_id, reminder_name)
        ) STRICT;

        CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (service_id, grain_hash);

        INSERT INTO reminders_schema_version (id, version) VALUES (1, 1);
        """;

    /// <summary>
    /// Creates the reminder table when missing (idempotent) and refuses one written by a newer schema, in one
    /// immediate transaction (so two processes opening the file at once cannot both create it).
    /// </summary>
    /// <returns>The schema version of the reminder table.</returns>
    public static long Ensure(SqliteConnection connection, string path)
    {
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            Execute(connection, CreateVersionTable);
            long? version;
            using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT version FROM reminders_schema_version WHERE id = 1";
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
                    "The reminder table in '{0}' has schema version {1}, but this build of Training.Reminders only understands versions up to {2}. It was written by a newer release: run that release (or newer) on this data folder instead; the file was not modified.",
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
