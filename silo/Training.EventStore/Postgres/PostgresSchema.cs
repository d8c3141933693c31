using System.Globalization;
using Npgsql;

namespace Training.EventStore.Postgres;

/// <summary>
/// Creates, upgrades and checks the store's tables in their PostgreSQL schema. The version lives in
/// <c>schema_version</c>, one row per component (this one is <see cref="Component"/>), so that other parts of the
/// platform can version their own tables in the same schema.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The schema version this code writes and understands.</summary>
    public const int CurrentVersion = 1;

    /// <summary>This store's row in <c>schema_version</c>.</summary>
    public const string Component = "event_store";

    /// <summary>
    /// Creates the schema and its tables when missing, upgrades an older version, and refuses a newer one, in one
    /// transaction under an advisory lock, so that silos migrating at once neither collide nor see half a schema.
    /// Idempotent.
    /// </summary>
    /// <returns>The schema version afterwards, and whether this call created it.</returns>
    /// <exception cref="InvalidOperationException">The schema is newer than this code, or the database is not UTF8.</exception>
    public static async Task<(int Version, bool Created)> MigrateAsync(NpgsqlDataSource dataSource, PostgresSql sql, string database, CancellationToken cancellationToken)
    {
        var s = sql.QuotedSchema;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await CheckEncodingAsync(connection, database, cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await PostgresSchemaVersions.LockAsync(connection, sql.Schema, cancellationToken).ConfigureAwait(false);
        await PostgresSchemaVersions.EnsureTableAsync(connection, s, cancellationToken).ConfigureAwait(false);

        var version = await PostgresSchemaVersions.ReadAsync(connection, s, Component, cancellationToken).ConfigureAwait(false);
        var created = false;
        if (version is null)
        {
            await PostgresSchemaVersions.ExecuteAsync(connection, CreateVersion1(s), cancellationToken).ConfigureAwait(false);
            await PostgresSchemaVersions.WriteAsync(connection, s, Component, CurrentVersion, cancellationToken).ConfigureAwait(false);
            version = CurrentVersion;
            created = true;
        }
        else if (version > CurrentVersion)
        {
            throw TooNew(sql.Schema, database, version.Value);
        }

        // Versions older than CurrentVersion are upgraded here, one step at a time, in this transaction.
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (version.Value, created);
    }

    /// <summary>Checks, without changing anything, that the schema exists at exactly the version this code writes.</summary>
    /// <returns>The schema version.</returns>
    /// <exception cref="InvalidOperationException">The schema is missing, older or newer, or the database is not UTF8.</exception>
    public static async Task<int> CheckAsync(NpgsqlDataSource dataSource, PostgresSql sql, string database, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await CheckEncodingAsync(connection, database, cancellationToken).ConfigureAwait(false);

        var versions = await PostgresSchemaVersions.ReadIfExistsAsync(connection, sql.QuotedSchema, [Component], cancellationToken).ConfigureAwait(false);
        var version = versions[Component];
        if (version > CurrentVersion)
        {
            throw TooNew(sql.Schema, database, version.Value);
        }

        if (version != CurrentVersion)
        {
            throw new InvalidOperationException(string.Format(
                CultureInfo.InvariantCulture,
                "The event store schema \"{0}\" in {1} {2}; this build needs version {3}. Run the host's migrate command (or set Storage:Postgres:AutoMigrate=true) to create or upgrade it.",
                sql.Schema,
                database,
                version is null ? "does not exist" : $"is at version {version}",
                CurrentVersion));
        }

        return version.Value;
    }

    /// <summary>Reads the server's durability settings, for a warning when they are off.</summary>
    public static async Task<IReadOnlyList<(string Setting, string Value)>> ReadDurabilitySettingsAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT current_setting('fsync'), current_setting('synchronous_commit')");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return [("fsync", reader.GetString(0)), ("synchronous_commit", reader.GetString(1))];
    }

    private static string CreateVersion1(string s) => $"""
        -- position: store-wide, unique, increasing within a stream, and increasing in commit order among the
        -- commits of one store instance (one silo: its group commits are sequential). Across silos it is the
        -- order of insertion, which can differ from the order of commit; transaction_id records each row's
        -- transaction so that a reader can later follow the store in commit order across silos.
        -- recorded_at keeps microseconds; recorded_at_ticks the 100-ns ticks below them, so that a
        -- DateTimeOffset reads back exactly as written.
        CREATE TABLE {s}.events (
            position          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            stream_id         text        COLLATE "C" NOT NULL,
            version           bigint      NOT NULL CHECK (version >= 1),
            type              text        NOT NULL,
            payload           bytea       NOT NULL,
            recorded_at       timestamptz NOT NULL,
            recorded_at_ticks smallint    NOT NULL DEFAULT 0 CHECK (recorded_at_ticks BETWEEN 0 AND 9),
            transaction_id    xid8        NOT NULL DEFAULT pg_current_xact_id(),
            CONSTRAINT events_stream_version UNIQUE (stream_id, version)
        );

        CREATE TABLE {s}.snapshots (
            stream_id text   COLLATE "C" PRIMARY KEY,
            version   bigint NOT NULL,
            payload   bytea  NOT NULL
        );

        -- Keys compare and sort ordinally (COLLATE "C": by UTF-8 bytes, i.e. by code point), as in SQLite.
        CREATE TABLE {s}.directory (
            kind        text  COLLATE "C" NOT NULL,
            key         text  COLLATE "C" NOT NULL,
            parent      text  COLLATE "C" NOT NULL,
            search_text text  NOT NULL,
            payload     bytea NOT NULL,
            PRIMARY KEY (kind, key)
        );

        CREATE INDEX directory_by_parent ON {s}.directory (kind, parent, key);
        """;

    private static async Task CheckEncodingAsync(NpgsqlConnection connection, string database, CancellationToken cancellationToken)
    {
        await using var command = PostgresSchemaVersions.Command(connection, "SELECT current_setting('server_encoding')");
        var encoding = (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        if (!string.Equals(encoding, "UTF8", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"The database {database} is encoded {encoding}; the event store needs UTF8 (names and search text are Unicode). Create the database with ENCODING 'UTF8'.");
        }
    }

    private static InvalidOperationException TooNew(string schema, string database, int version) => new(string.Format(
        CultureInfo.InvariantCulture,
        "The event store schema \"{0}\" in {1} has schema version {2}, but this build of Training.EventStore only understands versions up to {3}. It was migrated by a newer release: run that release (or newer) against this database instead; nothing was modified.",
        schema,
        database,
        version,
        CurrentVersion));
}
