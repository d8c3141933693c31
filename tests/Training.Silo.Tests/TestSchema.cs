using System.Globalization;
using Npgsql;
using Training.Silo;

namespace Training.Silo.Tests;

/// <summary>
/// A fresh PostgreSQL schema of the test server (<see cref="PostgresTestDatabase"/>) for one test, dropped afterwards,
/// with the host arguments that point a silo at it. Creating one fails, saying how to start PostgreSQL, when the
/// server is not reachable: these tests are never skipped.
/// </summary>
internal sealed class TestSchema : IAsyncDisposable
{
    /// <summary>Orleans' <c>SiloStatus.Active</c>, as stored in the membership table.</summary>
    public const int Active = 3;

    private TestSchema(string name) => Name = name;

    public string Name { get; }

    /// <summary>The arguments naming this schema's database and schema (<c>Storage:Postgres</c>).</summary>
    public string[] StorageArgs =>
    [
        $"--Storage:Postgres:ConnectionString={PostgresTestDatabase.ConnectionString}",
        $"--Storage:Postgres:Schema={Name}",
    ];

    /// <summary>A silo of cluster <paramref name="clusterId"/> in the regional mode: events, reminders and membership in this schema.</summary>
    public string[] SiloArgs(string clusterId) =>
    [
        "--Storage:Provider=Postgres",
        "--Clustering:Provider=Postgres",
        "--Orleans:AdvertisedIPAddress=127.0.0.1",
        $"--Orleans:ClusterId={clusterId}",
        .. StorageArgs,
    ];

    /// <summary>A new, empty schema name (nothing is created until a migration or a store does).</summary>
    public static async Task<TestSchema> CreateAsync()
    {
        await using (await PostgresTestDatabase.ConnectAsync())
        {
            // Reachable; the schema itself is created by the code under test.
        }

        return new TestSchema(PostgresTestDatabase.NewSchema());
    }

    /// <summary>A new schema created by the host's migrate command.</summary>
    public static async Task<TestSchema> CreateMigratedAsync()
    {
        var schema = await CreateAsync();
        var (code, output, errors) = await schema.MigrateAsync();
        Assert.True(code == 0, $"migrate exited {code}: {output}{errors}");
        return schema;
    }

    /// <summary>Runs the host's migrate command on this schema: exit code, standard output, standard error.</summary>
    public async Task<(int Code, string Output, string Errors)> MigrateAsync()
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var errors = new StringWriter(CultureInfo.InvariantCulture);
        var code = await MigrateCommand.RunAsync(StorageArgs, output, errors);
        return (code, output.ToString(), errors.ToString());
    }

    /// <summary>Each component's row in <c>schema_version</c>.</summary>
    public async Task<IReadOnlyDictionary<string, (int Version, DateTime UpdatedAt)>> VersionsAsync()
    {
        var versions = new Dictionary<string, (int, DateTime)>(StringComparer.Ordinal);
        await using var connection = await PostgresTestDatabase.ConnectAsync();
        await using var command = new NpgsqlCommand($"SELECT component, version, updated_at FROM \"{Name}\".schema_version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions[reader.GetString(0)] = (reader.GetInt32(1), reader.GetDateTime(2));
        }

        return versions;
    }

    /// <summary>The membership rows of cluster <paramref name="clusterId"/>: silo port and status.</summary>
    public async Task<IReadOnlyList<(int Port, int Status)>> MembersAsync(string clusterId)
    {
        var members = new List<(int, int)>();
        await using var connection = await PostgresTestDatabase.ConnectAsync();
        await using var command = new NpgsqlCommand($"SELECT port, status FROM \"{Name}\".membership WHERE cluster_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = clusterId });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            members.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }

        return members;
    }

    /// <summary>Runs <paramref name="sql"/> in which <c>{schema}</c> stands for the quoted schema name.</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await PostgresTestDatabase.ConnectAsync();
        return await PostgresTestDatabase.ScalarAsync(connection, sql.Replace("{schema}", $"\"{Name}\"", StringComparison.Ordinal));
    }

    /// <summary>Runs <paramref name="sql"/> in which <c>{schema}</c> stands for the quoted schema name.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await PostgresTestDatabase.ConnectAsync();
        await PostgresTestDatabase.ExecuteAsync(connection, sql.Replace("{schema}", $"\"{Name}\"", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync() => await PostgresTestDatabase.DropSchemaAsync(Name);
}
