using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Grpc.Net.Client;

namespace Training.Cluster.Tests;

/// <summary>Which executable a <see cref="ClusterProcess"/> runs.</summary>
public enum ProcessKind
{
    /// <summary><c>Training.Silo</c>: an Orleans silo with the API co-hosted.</summary>
    Silo,

    /// <summary><c>Training.Gateway</c>: the stateless API gateway (an Orleans client).</summary>
    Gateway,
}

/// <summary>
/// A silo or a gateway as a separate operating-system process, run from its own build output folder (where its
/// appsettings.json is), so that a test can kill it as <c>kill -9</c> does and start another. Its standard output and
/// error are kept for assertion messages.
/// </summary>
public sealed class ClusterProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StreamWriter log;

    private ClusterProcess(ProcessKind kind, Process process, int grpcPort, int httpPort, int siloPort)
    {
        Kind = kind;
        this.process = process;
        var folder = Path.Combine(Path.GetTempPath(), "training-cluster-processes");
        System.IO.Directory.CreateDirectory(folder);
        LogFile = Path.Combine(folder, $"{kind.ToString().ToLowerInvariant()}-{process.Id}.log");
        log = new StreamWriter(LogFile) { AutoFlush = true };
        GrpcPort = grpcPort;
        HttpPort = httpPort;
        SiloPort = siloPort;
    }

    public ProcessKind Kind { get; }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    /// <summary>The silo-to-silo port as recorded in the membership table (0 for a gateway).</summary>
    public int SiloPort { get; }

    public int ProcessId => process.Id;

    /// <summary>Everything the process wrote, kept after the test (in the temp folder's training-cluster-processes).</summary>
    public string LogFile { get; }

    public bool HasExited => process.HasExited;

    /// <summary>What the process wrote so far (the last 20,000 characters).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.Length > 20_000 ? output.ToString(output.Length - 20_000, 20_000) : output.ToString();
            }
        }
    }

    /// <summary>
    /// The folder of an executable's build output: as the build of the calling assembly recorded it (the cluster tests
    /// build both executables; see their .csproj), else this program's own folder (where a project that references the
    /// silo finds its executable).
    /// </summary>
    public static string Directory(ProcessKind kind) => MetadataOrNull(kind == ProcessKind.Silo ? "SiloDirectory" : "GatewayDirectory") ?? AppContext.BaseDirectory;

    /// <summary>A value the build wrote into this assembly (folders of the executables and of the repository).</summary>
    public static string Metadata(string key) => MetadataOrNull(key) ?? throw new InvalidOperationException($"no {key} in the assembly");

    /// <summary>CPU time the process has used so far (user and kernel).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    private static string? MetadataOrNull(string key) =>
        typeof(ClusterProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value;

    /// <summary>
    /// Starts the executable with <paramref name="arguments"/> and its own free loopback ports (gRPC, HTTP, and for a silo
    /// the silo and gateway ports), and waits until it is healthy unless <paramref name="waitUntilHealthy"/> is false.
    /// </summary>
    public static async Task<ClusterProcess> StartAsync(ProcessKind kind, IEnumerable<string> arguments, bool waitUntilHealthy = true)
    {
        var given = arguments.ToList();
        if (!waitUntilHealthy)
        {
            return Launch(kind, given);
        }

        // A port found free can be taken by another process (another test assembly runs beside this one) before the
        // child binds it: then start again on other ports.
        for (var attempt = 1; ; attempt++)
        {
            var child = Launch(kind, given);
            try
            {
                await child.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
                return child;
            }
            catch (InvalidOperationException) when (attempt < 5 && child.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await child.DisposeAsync();
            }
            catch
            {
                await child.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Starts the executable on fresh free ports without waiting for it.</summary>
    private static ClusterProcess Launch(ProcessKind kind, IReadOnlyList<string> arguments)
    {
        var (grpcPort, httpPort) = (FreePort(), FreePort());
        var siloPort = kind == ProcessKind.Silo ? FreePort() : 0;
        var folder = Directory(kind);
        var name = kind == ProcessKind.Silo ? "Training.Silo" : "Training.Gateway";
        var start = new ProcessStartInfo(Path.Combine(folder, OperatingSystem.IsWindows() ? name + ".exe" : name))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        var own = new List<string> { $"--Training:GrpcPort={grpcPort}", $"--Training:HttpPort={httpPort}" };
        if (kind == ProcessKind.Silo)
        {
            own.Add($"--Orleans:SiloPort={siloPort}");
            own.Add($"--Orleans:GatewayPort={FreePort()}");
        }

        foreach (var argument in own.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var child = new ClusterProcess(kind, process, grpcPort, httpPort, siloPort);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs the silo executable once with <paramref name="arguments"/> (e.g. <c>migrate …</c>): exit code and output.</summary>
    public static async Task<(int Code, string Output)> RunSiloCommandAsync(IEnumerable<string> arguments)
    {
        var folder = Directory(ProcessKind.Silo);
        var start = new ProcessStartInfo(Path.Combine(folder, OperatingSystem.IsWindows() ? "Training.Silo.exe" : "Training.Silo"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>A gRPC channel to this process sending <paramref name="token"/>; the caller disposes it.</summary>
    public GrpcChannel Channel(string token) => GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{GrpcPort}"), new GrpcChannelOptions
    {
        HttpHandler = new BearerHandler(token, new SocketsHttpHandler { EnableMultipleHttp2Connections = true }),
        DisposeHttpClient = true,
    });

    /// <summary>GET /healthz: the status code, or null when nothing answers.</summary>
    public async Task<HttpStatusCode?> HealthAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{HttpPort}/healthz"));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Kills the process at once, as <c>kill -9</c> does: no graceful shutdown, no membership update.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
        lock (output)
        {
            log.Dispose();
        }
    }

    public override string ToString() => $"{Kind} pid {ProcessId} (gRPC {GrpcPort}, silo port {SiloPort}, log {LogFile})";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
            log.WriteLine(line);
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Kind} exited with {process.ExitCode} before it was healthy:\n{Output}");
            }

            if (await HealthAsync() == HttpStatusCode.OK)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{Kind} did not become healthy within {timeout}:\n{Output}");
    }

    /// <summary>Adds <c>authorization: Bearer …</c> to every request.</summary>
    private sealed class BearerHandler(string token, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
