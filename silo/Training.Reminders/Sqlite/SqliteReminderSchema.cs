using Microsoft.Data.Sqlite;
using Training.EventStore.Sqlite;

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

    /// <summary>Creates the tables when missing (idempotent) and refuses ones written by a newer schema (<see cref="SqliteVersionedSchema"/>).</summary>
    /// <returns>The schema version in the file.</returns>
    public static long Ensure(SqliteConnection connection, string path) =>
        SqliteVersionedSchema.Ensure(connection, path, new SqliteSchemaDefinition("reminders_schema_version", CurrentVersion, CreateVersion1, "reminder table", "Training.Reminders"));
}
