using System.Diagnostics;
using Npgsql;
using Training.Api.Security;

namespace Training.Cluster.Tests;

/// <summary>
/// A regional-mode cluster of real processes for one test: a fresh PostgreSQL database (created on the test server,
/// migrated with the silo executable's <c>migrate</c> command, dropped afterwards), silos (<c>Storage</c> and
/// <c>Clustering</c> = Postgres) and gateways started on free loopback ports, all with one test signing key, and the
/// failure detection tuned short so that a test sees a killed silo declared dead within seconds.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    /// <summary>The key every process of the test is started with (base64 of 32 bytes; never a production key).</summary>
    public static readonly string SigningKey = Convert.ToBase64String("training-cluster-test-signing-32"u8);

    /// <summary>Orleans' <c>SiloStatus</c> values as stored in the membership table.</summary>
    public const int Active = 3;

    /// <inheritdoc cref="Active"/>
    public const int Dead = 6;

    /// <summary>The test server: <c>TRAINING_TEST_POSTGRES</c>, by default the one <c>scripts/postgres-for-tests.sh</c> starts.</summary>
    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("TRAINING_TEST_POSTGRES") is { Length: > 0 } value ? value : "Host=127.0.0.1;Port=5433;Username=postgres;Database=training_test";

    private readonly string server;
    private readonly List<ClusterProcess> processes = [];

    private TestCluster(string server, string database)
    {
        this.server = server;
        Database = database;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        ClusterId = "c-" + Guid.NewGuid().ToString("N")[..12];
        OperatorToken = new TokenIssuer(new AuthOptions().Issuer, new AuthOptions().Audience, Convert.FromBase64String(SigningKey))
            .Issue(new TokenSpec("cluster-test-operator", [Roles.RegionAdmin]) { Regions = [TrainingClaims.AllRegions], Lifetime = TimeSpan.FromHours(2) });
    }

    public string Database { get; }

    /// <summary>The cluster's database (silos, gateways and the checks of the test).</summary>
    public string ConnectionString { get; }

    public string ClusterId { get; }

    /// <summary>A province-wide operator's token (region-admin, region=*).</summary>
    public string OperatorToken { get; }

    /// <summary>
    /// Extra arguments for every process: short storage timeouts by default (so that a stopped database is noticed
    /// within seconds); tests may add more.
    /// </summary>
    public List<string> CommonArguments { get; } =
    [
        "--Storage:Postgres:ConnectTimeout=00:00:02",
        "--Storage:Postgres:CommandTimeout=00:00:03",
    ];

    /// <summary>
    /// Creates a fresh database on <paramref name="serverConnectionString"/> (default <see cref="ServerConnectionString"/>) and
    /// migrates it with <c>Training.Silo migrate</c>. Fails, saying how to start PostgreSQL, when the server is not there.
    /// </summary>
    public static async Task<TestCluster> CreateAsync(string? serverConnectionString = null)
    {
        var server = serverConnectionString ?? ServerConnectionString;
        var database = "cluster_" + Guid.NewGuid().ToString("N")[..16];
        try
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database} ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            throw new InvalidOperationException(
                $"PostgreSQL for the tests is not reachable at '{new NpgsqlConnectionStringBuilder(server) { Password = null }}'. "
                + "Start it with scripts/postgres-for-tests.sh (./test.sh does), or set TRAINING_TEST_POSTGRES.", ex);
        }

        var cluster = new TestCluster(server, database);
        var (code, output) = await ClusterProcess.RunSiloCommandAsync(["migrate", $"--Storage:Postgres:ConnectionString={cluster.ConnectionString}"]);
        Assert.True(code == 0, $"migrate exited {code}:\n{output}");
        Assert.Contains("The schema is up to date.", output, StringComparison.Ordinal);
        return cluster;
    }

    /// <summary>The arguments of every silo and gateway of this cluster.</summary>
    private IEnumerable<string> ClusterArguments =>
    [
        "--Clustering:Provider=Postgres",
        $"--Storage:Postgres:ConnectionString={ConnectionString}",
        $"--Orleans:ClusterId={ClusterId}",
        $"--Auth:SigningKey={SigningKey}",
        "--environment=Development",
        // One operator token drives the whole test: the per-client limits are a fairness policy, not a capacity.
        "--RateLimits:PerClientPerSecond=1000000",
        "--RateLimits:PerClientBurst=1000000",
        "--RateLimits:PerKioskPerSecond=1000000",
        "--RateLimits:PerKioskBurst=1000000",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks=None",
        .. CommonArguments,
    ];

    /// <summary>
    /// Starts a silo. Failure detection is tuned for the test (production keeps Orleans' defaults, see
    /// docs/operations.md): a silo is probed every second and suspected after 2 missed probes; 2 votes declare it dead.
    /// </summary>
    public async Task<ClusterProcess> StartSiloAsync(bool waitUntilHealthy = true)
    {
        var silo = await ClusterProcess.StartAsync(ProcessKind.Silo,
        [
            .. ClusterArguments,
            "--Storage:Provider=Postgres",
            "--Orleans:AdvertisedIPAddress=127.0.0.1",
            $"--Training:DataDirectory={Path.Combine(Path.GetTempPath(), "training-cluster-" + Guid.NewGuid().ToString("N"))}",
            "--Orleans:Membership:ProbeTimeout=00:00:01",
            "--Orleans:Membership:NumMissedProbesLimit=2",
            "--Orleans:Membership:NumVotesForDeathDeclaration=2",
            "--Orleans:Membership:TableRefreshTimeout=00:00:02",
            "--Orleans:Membership:IAmAliveTablePublishTimeout=00:00:05",
            "--Orleans:Membership:DeathVoteExpirationTimeout=00:00:20",
            "--Orleans:Messaging:ResponseTimeout=00:00:08",
        ], waitUntilHealthy);
        processes.Add(silo);
        return silo;
    }

    /// <summary>Starts a gateway: answers within 5 s inside the cluster, refreshes its list of silos every 2 s.</summary>
    public async Task<ClusterProcess> StartGatewayAsync(bool waitUntilHealthy = true)
    {
        var gateway = await ClusterProcess.StartAsync(ProcessKind.Gateway,
        [
            .. ClusterArguments,
            "--Orleans:Messaging:ResponseTimeout=00:00:05",
            "--Orleans:Gateway:GatewayListRefreshPeriod=00:00:02",
        ], waitUntilHealthy);
        processes.Add(gateway);
        return gateway;
    }

    /// <summary>The membership rows of this cluster: silo port and status, newest generation last.</summary>
    public async Task<IReadOnlyList<(int Port, int Status)>> MembersAsync()
    {
        var members = new List<(int, int)>();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT port, status FROM training.membership WHERE cluster_id = $1 ORDER BY generation", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ClusterId });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            members.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }

        return members;
    }

    /// <summary>Waits until the membership table shows exactly <paramref name="activePorts"/> Active (and the rest not).</summary>
    public async Task<TimeSpan> WaitForActiveSilosAsync(IEnumerable<int> activePorts, TimeSpan timeout)
    {
        var expected = activePorts.Order().ToArray();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var active = (await MembersAsync()).Where(m => m.Status == Active).Select(m => m.Port).Order().ToArray();
            if (active.SequenceEqual(expected))
            {
                return clock.Elapsed;
            }

            Assert.True(clock.Elapsed < timeout, $"not within {timeout}: Active silos {string.Join(",", active)}, expected {string.Join(",", expected)}");
            await Task.Delay(100);
        }
    }

    /// <summary>Rows of <paramref name="sql"/> (first column text, second a count), on the cluster's database.</summary>
    public async Task<Dictionary<string, long>> CountsAsync(string sql)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>Every process's output, for an assertion message.</summary>
    public string Outputs() => string.Join("\n", processes.Select(p => $"===== {p} =====\n{p.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }

        try
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The server is gone (a throwaway one already stopped): nothing to drop.
        }
    }
}
