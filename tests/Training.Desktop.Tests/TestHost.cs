using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Training.Api.Security;
using Training.Silo;

namespace Training.Desktop.Tests;

/// <summary>
/// The real host (silo + co-hosted API on Kestrel) started in this process on free loopback ports with its
/// data in a new temp folder, deleted on dispose. The small pattern of the end-to-end tests' host helper: started with
/// a known signing key, and <see cref="Token"/> is a province-wide operator's token (region-admin, region=*).
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    private static readonly byte[] SigningKey = "training-desktop-test-key-32byte"u8.ToArray();

    private readonly WebApplication app;
    private readonly string dataDirectory;

    private TestHost(WebApplication app, string dataDirectory, int grpcPort)
    {
        this.app = app;
        this.dataDirectory = dataDirectory;
        Server = $"http://127.0.0.1:{grpcPort}";
        var auth = new AuthOptions();
        Token = new TokenIssuer(auth.Issuer, auth.Audience, SigningKey).Issue(new TokenSpec("desktop-test", [Roles.RegionAdmin]) { Regions = [TrainingClaims.AllRegions] });
        Channel = GrpcChannel.ForAddress(Server, new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", $"Bearer {Token}");
                return Task.CompletedTask;
            })),
            UnsafeUseInsecureChannelCallCredentials = true,
        });
    }

    /// <summary>The operator's access token, as the CLI's --token takes it.</summary>
    public string Token { get; }

    /// <summary>The gRPC address, as the CLI's --server takes it.</summary>
    public string Server { get; }

    public GrpcChannel Channel { get; }

    public OrganizationService.OrganizationServiceClient Organization => new(Channel);

    public StaffService.StaffServiceClient Staff => new(Channel);

    public static async Task<TestHost> StartAsync()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "training-desktop-" + Guid.NewGuid().ToString("N"));

        // A port found free can be taken by another process (the test projects run side by side) before the host binds
        // it: then start again on other ports.
        for (var attempt = 1; ; attempt++)
        {
            var (grpcPort, httpPort, siloPort, gatewayPort) = (FreePort(), FreePort(), FreePort(), FreePort());
            var app = TrainingHost.Build(
            [
                $"--Training:DataDirectory={dataDirectory}",
                $"--Training:GrpcPort={grpcPort}",
                $"--Training:HttpPort={httpPort}",
                $"--Orleans:SiloPort={siloPort}",
                $"--Orleans:GatewayPort={gatewayPort}",
                $"--Orleans:ClusterId=desktop-{Guid.NewGuid():N}",
                $"--Auth:SigningKey={Convert.ToBase64String(SigningKey)}",
                "--Logging:LogLevel:Default=Warning",
            ]);
            try
            {
                await app.StartAsync();
                return new TestHost(app, dataDirectory, grpcPort);
            }
            catch (Exception e) when (attempt < 5 && IsAddressInUse(e))
            {
                await app.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean with the temp folder.
        }
    }

    /// <summary>True when <paramref name="exception"/> (or one it wraps) says a port was already taken.</summary>
    private static bool IsAddressInUse(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || exception.GetType().Name == "AddressInUseException")
            {
                return true;
            }
        }

        return false;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
