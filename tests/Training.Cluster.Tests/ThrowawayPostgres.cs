using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Training.Cluster.Tests;

/// <summary>
/// A PostgreSQL server of one test's own, on a free loopback port, that the test may stop and start: made, stopped,
/// started and deleted by <c>scripts/postgres-for-tests.sh</c> with <c>TRAINING_TEST_POSTGRES_PORT</c> (the shared test
/// server on 5433, which other tests use, is never stopped).
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private ThrowawayPostgres(int port) => Port = port;

    public int Port { get; }

    /// <summary>Its <c>training_test</c> database, as the superuser.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=training_test";

    /// <summary>Creates the server (initdb) and starts it.</summary>
    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var server = new ThrowawayPostgres(PortOutsideEphemeralRange());
        await server.RunScriptAsync("start");
        return server;
    }

    /// <summary>
    /// A free loopback port below the kernel's ephemeral range. A port from that range (what binding to port 0 gives)
    /// can be taken as the local port of any outgoing connection — the other test projects open thousands — in the
    /// seconds initdb takes before PostgreSQL binds it, or while the test holds the server stopped; then the server
    /// cannot start ("Address already in use"). Ports below the range are only ever taken by a listener that asks for one.
    /// </summary>
    private static int PortOutsideEphemeralRange()
    {
        var low = 32768;
        if (File.Exists("/proc/sys/net/ipv4/ip_local_port_range")
            && int.TryParse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], out var first))
        {
            low = first;
        }

        var from = Math.Max(1024, low - 12_000);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(from, low);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException($"no free loopback port in {from}..{low - 1}");
    }

    /// <summary>Stops the server (fast shutdown: open connections are cut); its data stays.</summary>
    public Task StopAsync() => RunScriptAsync("stop");

    /// <summary>Starts the stopped server again on the same data.</summary>
    public Task RestartAsync() => RunScriptAsync("start");

    public async ValueTask DisposeAsync() => await RunScriptAsync("destroy");

    private async Task RunScriptAsync(string action)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(ClusterProcess.Metadata("RepositoryRoot"), "scripts", "postgres-for-tests.sh"));
        start.ArgumentList.Add(action);
        start.Environment["TRAINING_TEST_POSTGRES_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not run scripts/postgres-for-tests.sh");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"postgres-for-tests.sh {action} (port {Port}) exited {process.ExitCode}:\n{await stdout}{await stderr}");
    }
}
