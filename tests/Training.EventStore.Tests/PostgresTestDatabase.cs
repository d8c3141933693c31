using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Training.EventStore.Postgres;

namespace Training.EventStore.Tests;

/// <summary>
/// The PostgreSQL server the tests use: <c>TRAINING_TEST_POSTGRES</c>, by default the throwaway server that
/// <c>scripts/postgres-for-tests.sh</c> starts. Each test works in a fresh schema (<c>t_…</c>) that it drops afterwards.
/// When the server cannot be reached the tests fail (never skip) and say how to start it.
/// </summary>
internal static class PostgresTestDatabase
{
    public const string EnvironmentVariable = "TRAINING_TEST_POSTGRES";

    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5433;Username=postgres;Database=training_test";

    public static string ConnectionString
        => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value ? value : DefaultConnectionString;

    /// <summary>A new schema name, unique to one test.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N");

    public static PostgresEventStoreOptions Options(string schema, bool autoMigrate = true, string? connectionString = null) => new()
    {
        ConnectionString = connectionString ?? ConnectionString,
        Schema = schema,
        AutoMigrate = autoMigrate,
    };

    /// <summary>Opens a store on <paramref name="options"/>, failing with directions when PostgreSQL is not there.</summary>
    public static async Task<PostgresEventStore> OpenAsync(PostgresEventStoreOptions options)
    {
        try
        {
            return await PostgresEventStore.OpenAsync(options, NullLogger<PostgresEventStore>.Instance);
        }
        catch (EventStoreUnavailableException ex)
        {
            throw NotReachable(ex);
        }
    }

    /// <summary>An independent connection to the test database (not through any store).</summary>
    public static async Task<NpgsqlConnection> ConnectAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            await connection.DisposeAsync();
            throw NotReachable(ex);
        }
    }

    public static async Task DropSchemaAsync(string schema)
    {
        NpgsqlConnection connection;
        try
        {
            connection = await ConnectAsync();
        }
        catch (InvalidOperationException)
        {
            return; // Not reachable: the test itself has already failed saying so; nothing was created.
        }

        await using (connection)
        {
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    public static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static InvalidOperationException NotReachable(Exception cause) => new(
        $"PostgreSQL for the tests is not reachable with {EnvironmentVariable}='{new NpgsqlConnectionStringBuilder(ConnectionString) { Password = null }}'. "
        + "Start it with scripts/postgres-for-tests.sh (a throwaway PostgreSQL 15 on 127.0.0.1:5433 with the database training_test; "
        + "./test.sh runs it first), or point TRAINING_TEST_POSTGRES at another server. These tests are never skipped.",
        cause);
}
