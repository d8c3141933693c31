using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Training.EventStore.Sqlite;

/// <summary>
/// One component's tables in a SQLite file, versioned in a one-row table of its own.
/// </summary>
/// <param name="VersionTable">The one-row table holding the component's schema version, e.g. <c>schema_version</c>.</param>
/// <param name="CurrentVersion">The version this build writes and understands.</param>
/// <param name="CreateCurrent">Creates the tables at <paramref name="CurrentVersion"/> and inserts the version row (idempotent DDL).</param>
/// <param name="Component">How messages name the component, e.g. "event store file" or "reminder table".</param>
/// <param name="Build">The assembly named in messages, e.g. <c>Training.EventStore</c>.</param>
public sealed record SqliteSchemaDefinition(string VersionTable, long CurrentVersion, string CreateCurrent, string Component, string Build);

/// <summary>Creates a component's schema in a SQLite file when missing, and refuses one written by a newer release.</summary>
public static class SqliteVersionedSchema
{
    /// <summary>
    /// Creates the schema when missing (idempotent) and refuses one written by a newer schema, in one immediate
    /// transaction, so two processes opening the same new file cannot both create it.
    /// </summary>
    /// <returns>The component's schema version in the file.</returns>
    public static long Ensure(SqliteConnection connection, string path, SqliteSchemaDefinition schema)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(schema);
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            Execute(connection, $"""
                CREATE TABLE IF NOT EXISTS {schema.VersionTable} (
                    id      INTEGER PRIMARY KEY CHECK (id = 1),
                    version INTEGER NOT NULL
                ) STRICT;
                """);
            long? version;
            using (var read = connection.CreateCommand())
            {
                read.CommandText = $"SELECT version FROM {schema.VersionTable} WHERE id = 1";
                version = read.ExecuteScalar() is long v ? v : null;
            }

            if (version is null)
            {
                Execute(connection, schema.CreateCurrent);
                version = schema.CurrentVersion;
            }
            else if (version > schema.CurrentVersion)
            {
                throw new InvalidOperationException(string.Format(
                    CultureInfo.InvariantCulture,
                    "The {0} in '{1}' has schema version {2}, but this build of {3} only understands versions up to {4}. It was written by a newer release: run that release (or newer) on this data folder instead; the file was not modified.",
                    schema.Component,
                    path,
                    version,
                    schema.Build,
                    schema.CurrentVersion));
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
