using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Training.Silo;

namespace Training.EndToEnd.Tests;

/// <summary>
/// The real host (silo + co-hosted API on Kestrel) started in this process on free loopback ports,
/// with its data in a folder of the test's choosing, reached over real gRPC and HTTP/JSON.
/// </summary>
public sealed class TrainingHostProcess : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly bool ownsData;

    private TrainingHostProcess(WebApplication app, string dataDirectory, int grpcPort, int httpPort, bool ownsData)
    {
        this.app = app;
        this.ownsData = ownsData;
        DataDirectory = dataDirectory;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}", new GrpcChannelOptions { MaxReceiveMessageSize = 16 * 1024 * 1024 });
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        HttpPort = httpPort;
    }

    public string DataDirectory { get; }

    public int HttpPort { get; }

    public GrpcChannel Channel { get; }

    public HttpClient Http { get; }

    public OrganizationService.OrganizationServiceClient Organization => new(Channel);

    public StaffService.StaffServiceClient Staff => new(Channel);

    public CompetencyFrameworkService.CompetencyFrameworkServiceClient Frameworks => new(Channel);

    public CourseService.CourseServiceClient Courses => new(Channel);

    public QuestionBankService.QuestionBankServiceClient QuestionBanks => new(Channel);

    /// <summary>Starts the host on <paramref name="dataDirectory"/> (a new temp folder, deleted on dispose, when null).</summary>
    public static async Task<TrainingHostProcess> StartAsync(string? dataDirectory = null, params string[] extraArgs)
    {
        var ownsData = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "training-e2e-" + Guid.NewGuid().ToString("N"));
        var (grpcPort, httpPort, siloPort, gatewayPort) = (FreePort(), FreePort(), FreePort(), FreePort());
        string[] args =
        [
            $"--Training:DataDirectory={dataDirectory}",
            $"--Training:GrpcPort={grpcPort}",
            $"--Training:HttpPort={httpPort}",
            $"--Orleans:SiloPort={siloPort}",
            $"--Orleans:GatewayPort={gatewayPort}",
            $"--Orleans:ClusterId=e2e-{Guid.NewGuid():N}",
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ];
        var app = TrainingHost.Build(args);
        await app.StartAsync();
        return new TrainingHostProcess(app, dataDirectory, grpcPort, httpPort, ownsData);
    }

    /// <summary>Stops the host gracefully; the data folder stays.</summary>
    public async Task StopAsync()
    {
        Channel.Dispose();
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (ownsData)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean with the temp folder.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One host shared by the tests of a class.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    public TrainingHostProcess Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await TrainingHostProcess.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
