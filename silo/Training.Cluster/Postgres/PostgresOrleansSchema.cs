using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Training.EventStore.Postgres;

namespace Training.Cluster.Postgres;

/// <summary>
/// Creates, upgrades and checks the tables of Orleans' membership and reminders in the platform's PostgreSQL schema,
/// next to the event store's and versioned like them in <c>schema_version</c> (components <see cref="Membership"/> and
/// <see cref="Reminders"/>), under the same migration lock (<see cref="PostgresSchemaVersions"/>).
/// </summary>
public static class PostgresOrleansSchema
{
    /// <summary>The membership tables' row in <c>schema_version</c>.</summary>
    public const string Membership = "membership";

    /// <summary>The reminder table's row in <c>schema_version</c>.</summary>
    public const string Reminders = "reminders";

    private static readonly Component[] Components =
    [
        new(Membership, 1, PostgresOrleansSql.CreateMembership, PostgresOrleansSql.MembershipQueries),
        new(Reminders, 1, PostgresOrleansSql.CreateReminders, PostgresOrleansSql.ReminderQueries),
    ];

    /// <summary>The schema version of <paramref name="component"/> this build writes and understands.</summary>
    public static int CurrentVersion(string component) => Find(component).Version;

    /// <summary>
    /// Creates the membership and reminder tables and their query texts when missing and upgrades older versions, in
    /// one transaction under the schema's migration lock; refuses (changing nothing) when either is newer than this
    /// build. Idempotent: a second run changes nothing.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string to the database.</param>
    /// <param name="schema">The schema, the event store's (<see cref="PostgresEventStoreOptions.Schema"/>).</param>
    /// <returns>Each component's version before and after.</returns>
    /// <exception cref="InvalidOperationException">A component's tables are newer than this build.</exception>
    public static async Task<IReadOnlyList<SchemaChange>> MigrateAsync(string connectionString, string schema, CancellationToken cancellationToken = default)
    {
        var s = PostgresSchemaVersions.QuoteSchema(schema);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await PostgresSchemaVersions.LockAsync(connection, schema, cancellationToken).ConfigureAwait(false);
        await PostgresSchemaVersions.EnsureTableAsync(connection, s, cancellationToken).ConfigureAwait(false);

        var before = new Dictionary<string, int?>(StringComparer.Ordinal);
        foreach (var component in Components)
        {
            var version = await PostgresSchemaVersions.ReadAsync(connection, s, component.Name, cancellationToken).ConfigureAwait(false);
            if (version > component.Version)
            {
                throw TooNew(component, version.Value, schema, Describe(connectionString));
            }

            before[component.Name] = version;
        }

        var changes = new List<SchemaChange>();
        foreach (var component in Components)
        {
            if (before[component.Name] is null)
            {
                await PostgresSchemaVersions.ExecuteAsync(connection, PostgresOrleansSql.CreateQueryTable(s) + component.Create(s), cancellationToken).ConfigureAwait(false);
                await WriteQueriesAsync(connection, s, component.Queries(s), cancellationToken).ConfigureAwait(false);
                await PostgresSchemaVersions.WriteAsync(connection, s, component.Name, component.Version, cancellationToken).ConfigureAwait(false);
            }

            // Versions older than component.Version are upgraded here, one step at a time, in this transaction.
            changes.Add(new SchemaChange(component.Name, before[component.Name], component.Version));
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return changes;
    }

    /// <summary>
    /// Checks, changing nothing, that each of <paramref name="components"/> exists at exactly the version this build
    /// writes: what a silo does before Orleans reads its query texts.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// A component is missing or older (run the host's <c>migrate</c> command) or newer than this build.
    /// </exception>
    public static async Task CheckAsync(string connectionString, string schema, IEnumerable<string> components, CancellationToken cancellationToken = default)
    {
        var wanted = components.Select(Find).ToList();
        var s = PostgresSchemaVersions.QuoteSchema(schema);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var versions = await PostgresSchemaVersions.ReadIfExistsAsync(connection, s, wanted.Select(c => c.Name), cancellationToken).ConfigureAwait(false);
        foreach (var component in wanted)
        {
            var version = versions[component.Name];
            if (version > component.Version)
            {
                throw TooNew(component, version.Value, schema, Describe(connectionString));
            }

            if (version != component.Version)
            {
                throw new InvalidOperationException(string.Format(
                    CultureInfo.InvariantCulture,
                    "The {0} tables in schema \"{1}\" of {2} {3}; this build needs schema version {4}. Run the host's migrate command (dotnet run --project silo/Training.Silo -- migrate, with this host's Storage:Postgres settings) to {5} them, or set Storage:Postgres:AutoMigrate=true.",
                    component.Name,
                    schema,
                    Describe(connectionString),
                    version is null ? "do not exist" : $"are at schema version {version}",
                    component.Version,
                    version is null ? "create" : "upgrade"));
            }
        }
    }

    /// <summary><c>host:port/database</c> of a connection string, without credentials, for messages.</summary>
    public static string Describe(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        return string.Create(CultureInfo.InvariantCulture, $"{settings.Host}:{settings.Port}/{settings.Database ?? settings.Username}");
    }

    private static Component Find(string name) => Components.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal))
        ?? throw new ArgumentOutOfRangeException(nameof(name), name, $"Known components: {Membership}, {Reminders}.");

    private static async Task WriteQueriesAsync(NpgsqlConnection connection, string s, IReadOnlyDictionary<string, string> queries, CancellationToken cancellationToken)
    {
        await using var command = PostgresSchemaVersions.Command(connection, $"""
            INSERT INTO {s}.orleansquery (querykey, querytext)
            SELECT q.key, q.text FROM unnest($1::text[], $2::text[]) AS q(key, text)
            ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. queries.Keys], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. queries.Values], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static InvalidOperationException TooNew(Component component, int version, string schema, string database) => new(string.Format(
        CultureInfo.InvariantCulture,
        "The {0} tables in schema \"{1}\" of {2} have schema version {3}, but this build only understands schema version {4}. They were migrated by a newer release: run that release (or newer) against this database instead; nothing was modified.",
        component.Name,
        schema,
        database,
        version,
        component.Version));

    private sealed record Component(
        string Name, int Version, Func<string, string> Create, Func<string, IReadOnlyDictionary<string, string>> Queries);
}

/// <summary>What a migration did to one component of the schema.</summary>
/// <param name="Component">Its row in <c>schema_version</c>, e.g. <c>event_store</c>.</param>
/// <param name="Before">Its version before (null: it did not exist).</param>
/// <param name="After">Its version after.</param>
public sealed record SchemaChange(string Component, int? Before, int After)
{
    /// <summary>One line for an operator, e.g. "created at version 1" or "version 1, up to date".</summary>
    public string Describe() => Before switch
    {
        null => string.Create(CultureInfo.InvariantCulture, $"created at version {After}"),
        var v when v == After => string.Create(CultureInfo.InvariantCulture, $"version {After}, up to date"),
        var v => string.Create(CultureInfo.InvariantCulture, $"upgraded from version {v} to {After}"),
    };
}
