using System.Diagnostics;

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
        var server = new ThrowawayPostgres(ClusterProcess.FreePort());
        await server.RunScriptAsync("start");
        return server;
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
