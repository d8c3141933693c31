using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace Training.EventStore.Postgres;

/// <summary>
/// The <c>schema_version</c> table of a PostgreSQL schema shared by several parts of the platform (the event store,
/// Orleans' membership and reminder tables): one row per component, each versioned on its own, and the advisory lock
/// under which every migration of the schema runs. All migrations of one schema take the same lock, so silos or
/// <c>migrate</c> commands running at once wait for each other instead of colliding on half-made tables.
/// </summary>
public static partial class PostgresSchemaVersions
{
    /// <summary>How long one migration statement may run.</summary>
    public static readonly TimeSpan MigrationTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The schema name in double quotes, for SQL texts. Only plain names are allowed: 1 to 63 lower-case letters,
    /// digits and underscores, starting with a letter or an underscore.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not allowed.</exception>
    public static string QuoteSchema(string schema)
    {
        if (schema is null || !ValidSchemaName().IsMatch(schema))
        {
            throw new ArgumentException(
                $"The PostgreSQL schema name '{schema}' is not allowed: use 1 to 63 lower-case letters, digits and underscores, starting with a letter or an underscore.",
                nameof(schema));
        }

        return $"\"{schema}\"";
    }

    /// <summary>
    /// Takes the schema's migration lock for the rest of the current transaction (<c>pg_advisory_xact_lock</c>):
    /// released by its commit or rollback.
    /// </summary>
    public static async Task LockAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = Command(connection, "SELECT pg_advisory_xact_lock($1)");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LockKey(schema), NpgsqlDbType = NpgsqlDbType.Bigint });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the schema and its <c>schema_version</c> table when missing. Run it under <see cref="LockAsync"/>.</summary>
    public static Task EnsureTableAsync(NpgsqlConnection connection, string quotedSchema, CancellationToken cancellationToken) => ExecuteAsync(connection, $"""
        CREATE SCHEMA IF NOT EXISTS {quotedSchema};
        CREATE TABLE IF NOT EXISTS {quotedSchema}.schema_version (
            component  text        PRIMARY KEY,
            version    integer     NOT NULL,
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        """, cancellationToken);

    /// <summary>The version of <paramref name="component"/>, or null when it has no row. The table must exist.</summary>
    public static async Task<int?> ReadAsync(NpgsqlConnection connection, string quotedSchema, string component, CancellationToken cancellationToken)
    {
        await using var read = Command(connection, $"SELECT version FROM {quotedSchema}.schema_version WHERE component = $1");
        read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = component, NpgsqlDbType = NpgsqlDbType.Text });
        return await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int version ? version : null;
    }

    /// <summary>
    /// The version of each of <paramref name="components"/> (null: no row, or no <c>schema_version</c> table at all),
    /// without creating or locking anything: what a silo checks at start.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, int?>> ReadIfExistsAsync(
        NpgsqlConnection connection, string quotedSchema, IEnumerable<string> components, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(components);
        bool tableExists;
        await using (var exists = Command(connection, "SELECT to_regclass($1) IS NOT NULL"))
        {
            exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"{quotedSchema}.schema_version", NpgsqlDbType = NpgsqlDbType.Text });
            tableExists = (bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        var versions = new Dictionary<string, int?>(StringComparer.Ordinal);
        foreach (var component in components)
        {
            versions[component] = tableExists ? await ReadAsync(connection, quotedSchema, component, cancellationToken).ConfigureAwait(false) : null;
        }

        return versions;
    }

    /// <summary>Records <paramref name="version"/> for <paramref name="component"/> (inserted or replaced). Run it under <see cref="LockAsync"/>.</summary>
    public static async Task WriteAsync(NpgsqlConnection connection, string quotedSchema, string component, int version, CancellationToken cancellationToken)
    {
        await using var write = Command(connection, $"""
            INSERT INTO {quotedSchema}.schema_version (component, version) VALUES ($1, $2)
            ON CONFLICT (component) DO UPDATE SET version = excluded.version, updated_at = now()
            """);
        write.Parameters.Add(new NpgsqlParameter<string> { TypedValue = component, NpgsqlDbType = NpgsqlDbType.Text });
        write.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version, NpgsqlDbType = NpgsqlDbType.Integer });
        await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs DDL (or any statements without parameters) with the migration timeout.</summary>
    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A command on <paramref name="connection"/> with the migration timeout.</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = (int)MigrationTimeout.TotalSeconds;
        return command;
    }

    /// <summary>
    /// A stable 64-bit key for the advisory lock of one schema's migrations (FNV-1a of its name). The text hashed is
    /// the one the first release used, so that releases old and new exclude each other.
    /// </summary>
    private static long LockKey(string schema)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes("Training.EventStore/" + schema))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidSchemaName();
}
