using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Training.Cluster;
using Training.Cluster.Postgres;
using Training.EventStore;
using Training.EventStore.Postgres;

namespace Training.Silo;

/// <summary>
/// <c>Training.Silo migrate [--Storage:Postgres:ConnectionString=…] [--Storage:Postgres:Schema=…]</c>: creates or
/// upgrades the whole PostgreSQL schema of the regional mode — the event store's tables, Orleans' membership and
/// reminder tables and the query texts Orleans reads — idempotently, each part under the schema's migration lock and
/// versioned in <c>schema_version</c>. Reads <c>Storage:Postgres</c> as the host does (appsettings, environment,
/// arguments), whatever <c>Storage:Provider</c> says; Orleans is not started. Prints what it did. Exit code 0 when the
/// schema is at this build's versions, 1 when the database refused or could not be reached (or is newer than this
/// build), 2 when the settings are unusable.
/// </summary>
public static class MigrateCommand
{
    /// <summary>How to run it.</summary>
    public const string Usage = "dotnet run --project silo/Training.Silo -- migrate --Storage:Postgres:ConnectionString='Host=…;Username=…;Password=…;Database=…' [--Storage:Postgres:Schema=training]";

    /// <summary>Runs the command on <paramref name="args"/> (without the leading "migrate").</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args is ["--help" or "-h", ..])
        {
            await stdout.WriteLineAsync($"Creates or upgrades the PostgreSQL schema (event store, Orleans membership and reminders). Usage: {Usage}").ConfigureAwait(false);
            return 0;
        }

        var configuration = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args }).Configuration;
        var postgres = configuration.GetSection(StorageOptions.PostgresSection).Get<PostgresEventStoreOptions>() ?? new PostgresEventStoreOptions();
        string database;
        try
        {
            if (string.IsNullOrWhiteSpace(postgres.ConnectionString))
            {
                throw new ArgumentException("migrate needs Storage:Postgres:ConnectionString, the database to migrate (in appsettings, the environment as Storage__Postgres__ConnectionString, or as an argument).");
            }

            PostgresSchemaVersions.QuoteSchema(postgres.Schema);
            database = PostgresOrleansSchema.Describe(postgres.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync($"migrate: {ex.Message}\nUsage: {Usage}").ConfigureAwait(false);
            return 2;
        }

        await stdout.WriteLineAsync($"Migrating schema \"{postgres.Schema}\" in {database}:").ConfigureAwait(false);
        try
        {
            foreach (var change in await MigrateAsync(postgres, cancellationToken).ConfigureAwait(false))
            {
                await stdout.WriteLineAsync($"  {change.Component,-12} {change.Describe()}").ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or EventStoreUnavailableException or NpgsqlException)
        {
            var cause = ex.InnerException is { } inner && inner.Message != ex.Message ? $" ({inner.Message})" : string.Empty;
            await stderr.WriteLineAsync($"migrate failed: {ex.Message}{cause}").ConfigureAwait(false);
            return 1;
        }

        await stdout.WriteLineAsync("The schema is up to date.").ConfigureAwait(false);
        return 0;
    }

    /// <summary>The event store first (it creates the schema and <c>schema_version</c>), then the Orleans tables.</summary>
    private static async Task<IReadOnlyList<SchemaChange>> MigrateAsync(PostgresEventStoreOptions postgres, CancellationToken cancellationToken)
    {
        int? before;
        await using (var connection = new NpgsqlConnection(postgres.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var versions = await PostgresSchemaVersions.ReadIfExistsAsync(
                connection, PostgresSchemaVersions.QuoteSchema(postgres.Schema), [PostgresEventStore.SchemaComponent], cancellationToken).ConfigureAwait(false);
            before = versions[PostgresEventStore.SchemaComponent];
        }

        int after;
        await using (var store = new PostgresEventStore(postgres, NullLogger<PostgresEventStore>.Instance))
        {
            after = await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }

        var orleans = await PostgresOrleansSchema.MigrateAsync(postgres.ConnectionString, postgres.Schema, cancellationToken).ConfigureAwait(false);
        return [new SchemaChange(PostgresEventStore.SchemaComponent, before, after), .. orleans];
    }
}
