using System.Diagnostics;
using System.Text;
using Grpc.Net.Client;
using Training.Api.Security;

namespace Training.EndToEnd.Tests;

/// <summary>
/// The real host as a separate operating-system process (the silo's own executable, copied next to the tests), so a
/// test can kill it — or have it kill itself at a fault-injection point — and start it again on the same data folder.
/// </summary>
public sealed class ChildHost : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly List<IDisposable> clients = [];

    private ChildHost(Process process, string dataDirectory, int grpcPort, int httpPort)
    {
        this.process = process;
        DataDirectory = dataDirectory;
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
        var issuer = new TokenIssuer(new AuthOptions().Issuer, new AuthOptions().Audience, Convert.FromBase64String(TrainingHostProcess.TestSigningKey));
        OperatorToken = issuer.Issue(new TokenSpec(TrainingHostProcess.OperatorSubject, [Roles.RegionAdmin]) { Regions = [TrainingClaims.AllRegions] });
        Channel = ChannelFor(OperatorToken);
    }

    public string DataDirectory { get; }

    public Uri GrpcAddress { get; }

    public Uri HttpAddress { get; }

    public string OperatorToken { get; }

    /// <summary>A gRPC channel with the province-wide operator's token.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>What the process wrote to stdout and stderr so far (for assertion messages).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Starts the silo executable on <paramref name="dataDirectory"/> with <paramref name="environment"/> added, and waits until it is healthy.</summary>
    public static async Task<ChildHost> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        // A port found free can be taken by another process before the host binds it: then start again on other ports.
        for (var attempt = 1; ; attempt++)
        {
            var host = await StartOnFreePortsAsync(dataDirectory, environment);
            try
            {
                await host.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
                return host;
            }
            catch (InvalidOperationException) when (attempt < 5 && host.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await host.DisposeAsync();
            }
            catch
            {
                await host.DisposeAsync();
                throw;
            }
        }
    }

    private static Task<ChildHost> StartOnFreePortsAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment)
    {
        var (grpcPort, httpPort, siloPort, gatewayPort) = (TrainingHostProcess.FreePort(), TrainingHostProcess.FreePort(), TrainingHostProcess.FreePort(), TrainingHostProcess.FreePort());
        var executable = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Training.Silo.exe" : "Training.Silo");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in new[]
        {
            $"--Training:DataDirectory={dataDirectory}",
            $"--Training:GrpcPort={grpcPort}",
            $"--Training:HttpPort={httpPort}",
            $"--Orleans:SiloPort={siloPort}",
            $"--Orleans:GatewayPort={gatewayPort}",
            $"--Orleans:ClusterId=child-{Guid.NewGuid():N}",
            $"--Auth:SigningKey={TrainingHostProcess.TestSigningKey}",
            "--RateLimits:PerClientPerSecond=100000",
            "--RateLimits:PerClientBurst=100000",
            "--Logging:LogLevel:Default=Warning",
        })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var host = new ChildHost(process, dataDirectory, grpcPort, httpPort);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return Task.FromResult(host);
    }

    /// <summary>A gRPC channel sending <paramref name="token"/>, disposed with the host.</summary>
    public GrpcChannel ChannelFor(string token)
    {
        var channel = GrpcChannel.ForAddress(GrpcAddress, new GrpcChannelOptions
        {
            HttpHandler = new TrainingHostProcess.BearerHandler(token, new SocketsHttpHandler()),
            DisposeHttpClient = true,
        });
        clients.Add(channel);
        return channel;
    }

    /// <summary>Waits for the process to end (it crashed or was stopped); false if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Kills the process at once (as kill -9 does).</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = HttpAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {process.ExitCode} before it was healthy:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The host did not become healthy within {timeout}:\n{Output}");
    }
}
