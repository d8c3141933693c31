using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Google.Protobuf.WellKnownTypes;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Training.Api.Security;
using Training.Silo;

namespace Training.Benchmarks;

/// <summary>
/// The real host (<see cref="TrainingHost.Build(string[])"/>: silo + co-hosted gRPC API + SQLite store, authentication,
/// authorization and rate limits as shipped) started in this process on free loopback ports over a data folder,
/// reached over real gRPC with a province-wide operator's bearer token. It also serves the benchmark's empty
/// <see cref="NoopService"/> on the same Kestrel endpoint, through the same middleware and interceptors, under the host
/// rows of <see cref="NoopService.HostRows"/> (the product's hosts register none): the empty-RPC ceiling of this very server.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    /// <summary>The signing key the benchmark host is started with (base64 of 32 bytes; never a production key).</summary>
    private static readonly string SigningKey = Convert.ToBase64String("training-bench-signing-key-32byt"u8);

    private readonly WebApplication app;
    private readonly int grpcPort;
    private readonly TokenIssuer issuer;
    private readonly CallInvoker anonymous;
    private bool stopped;

    private BenchHost(WebApplication app, string dataDirectory, int grpcPort)
    {
        this.app = app;
        this.grpcPort = grpcPort;
        DataDirectory = dataDirectory;
        var defaults = new AuthOptions();
        issuer = new TokenIssuer(defaults.Issuer, defaults.Audience, Convert.FromBase64String(SigningKey));
        var token = issuer.Issue(new TokenSpec("bench-operator", [Roles.RegionAdmin]) { Regions = [TrainingClaims.AllRegions] });
        Channel = Channels.Create(grpcPort, token);
        AnonymousChannel = Channels.Create(grpcPort, token: null);
        anonymous = AnonymousChannel.CreateCallInvoker();
    }

    public string DataDirectory { get; }

    public GrpcChannel Channel { get; }

    /// <summary>A channel to this host without a token (for the open probe).</summary>
    public GrpcChannel AnonymousChannel { get; }

    public OrganizationService.OrganizationServiceClient Organization => new(Channel);

    public StaffService.StaffServiceClient Staff => new(Channel);

    public Health.HealthClient Health => new(Channel);

    public CompetencyFrameworkService.CompetencyFrameworkServiceClient Frameworks => new(Channel);

    public CourseService.CourseServiceClient Courses => new(Channel);

    public QuestionBankService.QuestionBankServiceClient QuestionBanks => new(Channel);
    public KioskService.KioskServiceClient Kiosks => new(Channel);

    public CourseBatchService.CourseBatchServiceClient Batches => new(Channel);

    /// <summary>
    /// The empty unary RPC on this host's own gRPC endpoint, without a token: Kestrel, routing, the authentication
    /// middleware (no token to validate) and the three interceptors (error mapping, rate limit, authorization with an open row).
    /// </summary>
    public Task PingAsync() => anonymous.AsyncUnaryCall(NoopServiceBase.PingMethod, null, default, new Empty()).ResponseAsync;

    /// <summary>The silo's grain factory, for setup steps and diagnostic phases that need not go through the API.</summary>
    public IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The host's bearer-token options as configured (validation parameters and token handlers), for measuring token validation alone.</summary>
    public Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions Bearer =>
        app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>>()
            .Get(Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerDefaults.AuthenticationScheme);

    /// <summary>The host's event store, for measuring the storage part of a path on its own.</summary>
    public Training.EventStore.IEventStore Store => app.Services.GetRequiredService<Training.EventStore.IEventStore>();

    /// <summary>A channel of its own to this host carrying <paramref name="token"/> (none when null: each call sends its own); the caller disposes it.</summary>
    public GrpcChannel ChannelFor(string? token) => Channels.Create(grpcPort, token);

    /// <summary>A bearer token this host accepts (e.g. a trainee's, for themself), signed with the benchmark's key.</summary>
    public string TokenFor(TokenSpec spec) => issuer.Issue(spec);

    public static string NewDataDirectory(string purpose) =>
        Path.Combine(Path.GetTempPath(), $"training-bench-{purpose}-{Guid.NewGuid():N}");

    /// <summary>Starts the host on <paramref name="dataDirectory"/> (created if missing).</summary>
    public static async Task<BenchHost> StartAsync(string dataDirectory)
    {
        var (grpcPort, httpPort, siloPort, gatewayPort) = (Channels.FreePort(), Channels.FreePort(), Channels.FreePort(), Channels.FreePort());
        string[] args =
        [
            $"--Training:DataDirectory={dataDirectory}",
            $"--Training:GrpcPort={grpcPort}",
            $"--Training:HttpPort={httpPort}",
            "--Training:DemoData=false",
            $"--Orleans:SiloPort={siloPort}",
            $"--Orleans:GatewayPort={gatewayPort}",
            $"--Orleans:ClusterId=bench-{Guid.NewGuid():N}",
            "--EventSourcing:SnapshotInterval=100",
            $"--Auth:SigningKey={SigningKey}",
            // One client drives the whole run: the per-client limits (200/s, burst 400) are a fairness policy, not a capacity.
            "--RateLimits:PerClientPerSecond=1000000",
            "--RateLimits:PerClientBurst=1000000",
            // Likewise per kiosk (20/s, burst 60): the morning rush drives 40 kiosks at 25 scans/s each and more, far above a real kiosk's pace.
            "--RateLimits:PerKioskPerSecond=1000000",
            "--RateLimits:PerKioskBurst=1000000",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Orleans.Runtime.Watchdog=Error", // a silo restarted in the same process reports a bogus stall at start
        ];
        var app = TrainingHost.Build(args, builder => builder.Services.AddHostPolicyRows(NoopService.HostRows));
        app.MapGrpcService<NoopService>();
        await app.StartAsync();
        return new BenchHost(app, dataDirectory, grpcPort);
    }

    /// <summary>Stops the host gracefully (the store flushes and closes); the data folder stays.</summary>
    public async Task StopAsync()
    {
        if (stopped)
        {
            return;
        }

        stopped = true;
        Channel.Dispose();
        AnonymousChannel.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>Deletes a benchmark data folder, ignoring what the OS still holds.</summary>
    public static void DeleteData(string dataDirectory)
    {
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean with the temp folder.
        }
    }
}

/// <summary>gRPC channels as the benchmark's clients use them: cleartext HTTP/2 to loopback, large messages, an optional bearer token.</summary>
internal static class Channels
{
    public static GrpcChannel Create(int port, string? token) =>
        GrpcChannel.ForAddress(
            $"http://127.0.0.1:{port}",
            new GrpcChannelOptions
            {
                MaxReceiveMessageSize = 64 * 1024 * 1024,
                MaxSendMessageSize = 64 * 1024 * 1024,
                DisposeHttpClient = true,
                HttpHandler = new BearerHandler(token, new SocketsHttpHandler { EnableMultipleHttp2Connections = true }),
            });

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Adds <c>Authorization: Bearer …</c> to every request when a token is given.</summary>
    private sealed class BearerHandler(string? token, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
