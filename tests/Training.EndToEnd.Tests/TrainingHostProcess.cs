using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Microsoft.AspNetCore.Builder;
using Training.Api.Security;
using Training.Silo;

namespace Training.EndToEnd.Tests;

/// <summary>
/// The real host (silo + co-hosted API on Kestrel) started in this process on free loopback ports,
/// with its data in a folder of the test's choosing, reached over real gRPC and HTTP/JSON. The host is started with a
/// known test signing key; <see cref="Channel"/> and <see cref="Http"/> carry a province-wide operator's token
/// (<c>region-admin</c>, <c>region=*</c>), and <see cref="TokenFor"/>, <see cref="ChannelFor"/> and
/// <see cref="HttpFor"/> make callers of any other role and scope.
/// </summary>
public sealed class TrainingHostProcess : IAsyncDisposable
{
    /// <summary>The signing key every test host is started with (base64 of 32 bytes; never a production key).</summary>
    public static readonly string TestSigningKey = Convert.ToBase64String("training-e2e-test-signing-key-32"u8);

    /// <summary>The subject of the default (province-wide operator) token.</summary>
    public const string OperatorSubject = "e2e-operator";

    private readonly WebApplication app;
    private readonly bool ownsData;
    private readonly X509Certificate2? trustedCertificate;
    private readonly List<IDisposable> clients = [];

    private TrainingHostProcess(WebApplication app, string dataDirectory, int grpcPort, int httpPort, int siloPort, bool ownsData, X509Certificate2? trustedCertificate)
    {
        this.app = app;
        this.ownsData = ownsData;
        this.trustedCertificate = trustedCertificate;
        DataDirectory = dataDirectory;
        SiloPort = siloPort;
        var scheme = trustedCertificate is null ? "http" : "https";
        GrpcAddress = new Uri($"{scheme}://127.0.0.1:{grpcPort}");
        HttpAddress = new Uri($"{scheme}://127.0.0.1:{httpPort}");
        HttpPort = httpPort;
        Issuer = new TokenIssuer(new AuthOptions().Issuer, new AuthOptions().Audience, Convert.FromBase64String(TestSigningKey));
        OperatorToken = TokenAs(OperatorSubject, Roles.RegionAdmin, TrainingClaims.AllRegions);
        Channel = ChannelFor(OperatorToken);
        Http = HttpFor(OperatorToken);
    }

    public string DataDirectory { get; }

    public int HttpPort { get; }

    /// <summary>The Orleans silo-to-silo port (as in the membership table).</summary>
    public int SiloPort { get; }

    /// <summary>The host's services: the silo's grain factory, options and the rest.</summary>
    public IServiceProvider Services => app.Services;

    /// <summary>The gRPC (HTTP/2) endpoint.</summary>
    public Uri GrpcAddress { get; }

    /// <summary>The HTTP/1.1 endpoint (HTTP/JSON, gRPC-Web, OpenAPI, health).</summary>
    public Uri HttpAddress { get; }

    /// <summary>Issues tokens the host accepts (the test signing key, the default issuer and audience).</summary>
    public TokenIssuer Issuer { get; }

    /// <summary>The province-wide operator's token (region-admin, region=*), carried by <see cref="Channel"/> and <see cref="Http"/>.</summary>
    public string OperatorToken { get; }

    /// <summary>A gRPC channel with the operator's token.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>An HTTP client on the HTTP/1.1 port with the operator's token.</summary>
    public HttpClient Http { get; }

    public OrganizationService.OrganizationServiceClient Organization => new(Channel);

    public StaffService.StaffServiceClient Staff => new(Channel);

    public CompetencyFrameworkService.CompetencyFrameworkServiceClient Frameworks => new(Channel);

    public CourseService.CourseServiceClient Courses => new(Channel);

    public QuestionBankService.QuestionBankServiceClient QuestionBanks => new(Channel);

    public AuditService.AuditServiceClient Audit => new(Channel);

    public CourseBatchService.CourseBatchServiceClient CourseBatches => new(Channel);

    public AssessmentService.AssessmentServiceClient Assessments => new(Channel);

    public CapabilityService.CapabilityServiceClient Capability => new(Channel);

    /// <summary>Starts the host on <paramref name="dataDirectory"/> (a new temp folder, deleted on dispose, when null).</summary>
    public static Task<TrainingHostProcess> StartAsync(string? dataDirectory = null, params string[] extraArgs) =>
        StartAsync(dataDirectory, null, extraArgs);

    /// <summary>
    /// Starts the host; with <paramref name="tlsCertificate"/> (the certificate the host was configured to serve through
    /// <paramref name="extraArgs"/>, e.g. <c>--Training:Tls:CertificatePath=…</c>) the clients speak https and trust exactly it.
    /// </summary>
    public static Task<TrainingHostProcess> StartAsync(string? dataDirectory, X509Certificate2? tlsCertificate, params string[] extraArgs) =>
        StartAsync(dataDirectory, tlsCertificate, configure: null, extraArgs);

    /// <summary>As above; <paramref name="configure"/> adds to the host's builder last (e.g. Orleans options a test needs).</summary>
    public static async Task<TrainingHostProcess> StartAsync(
        string? dataDirectory, X509Certificate2? tlsCertificate, Action<WebApplicationBuilder>? configure, params string[] extraArgs)
    {
        var ownsData = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "training-e2e-" + Guid.NewGuid().ToString("N"));

        // A port found free can be taken by another process (parallel test projects start many) before the host binds
        // it: then start again on other ports.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnFreePortsAsync(dataDirectory, ownsData, tlsCertificate, configure, extraArgs);
            }
            catch (Exception e) when (attempt < 5 && IsAddressInUse(e))
            {
            }
        }
    }

    /// <summary>True when <paramref name="exception"/> (or one it wraps) says a port was already taken.</summary>
    internal static bool IsAddressInUse(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse }
                || exception.GetType().Name == "AddressInUseException")
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<TrainingHostProcess> StartOnFreePortsAsync(
        string dataDirectory, bool ownsData, X509Certificate2? tlsCertificate, Action<WebApplicationBuilder>? configure, string[] extraArgs)
    {
        var (grpcPort, httpPort, siloPort, gatewayPort) = (FreePort(), FreePort(), FreePort(), FreePort());
        string[] args =
        [
            $"--Training:DataDirectory={dataDirectory}",
            $"--Training:GrpcPort={grpcPort}",
            $"--Training:HttpPort={httpPort}",
            $"--Orleans:SiloPort={siloPort}",
            $"--Orleans:GatewayPort={gatewayPort}",
            $"--Orleans:ClusterId=e2e-{Guid.NewGuid():N}",
            $"--Auth:SigningKey={TestSigningKey}",
            // Development, as a developer runs it: tools (reflection, OpenAPI) on. appsettings.Production.json turns them off.
            "--environment=Development",
            // One operator token drives whole suites as fast as the machine goes; the rate-limit test sets its own limits.
            "--RateLimits:PerClientPerSecond=100000",
            "--RateLimits:PerClientBurst=100000",
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ];
        var app = TrainingHost.Build(args, configure);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new TrainingHostProcess(app, dataDirectory, grpcPort, httpPort, siloPort, ownsData, tlsCertificate);
    }

    /// <summary>
    /// A token for <paramref name="role"/> over <paramref name="scopes"/>, with subject "{role}-test". Each scope is a
    /// resource name and becomes the claim its shape implies: <c>*</c> or <c>regions/r</c> → region,
    /// <c>…/counties/c</c> → county, <c>…/centers/x</c> → center, <c>staff/…</c> → staff, a name containing
    /// <c>/kiosks/</c> → kiosk, <c>client:id</c> → client_id. E.g.
    /// <c>TokenFor(Roles.Trainee, "staff/ZP-TT-001", "regions/sd/counties/zouping/centers/t-town")</c>.
    /// </summary>
    public string TokenFor(string role, params string[] scopes) => TokenAs($"{role}-test", role, scopes);

    /// <summary>As <see cref="TokenFor"/>, with subject <paramref name="subject"/> (recorded as the actor of changes).</summary>
    public string TokenAs(string subject, string role, params string[] scopes)
    {
        var spec = new TokenSpec(subject, [role]);
        foreach (var scope in scopes)
        {
            spec = scope switch
            {
                _ when scope.Contains("/kiosks/", StringComparison.Ordinal) => spec with { Kiosk = scope },
                _ when scope.StartsWith("client:", StringComparison.Ordinal) => spec with { ClientId = scope["client:".Length..] },
                _ when scope.StartsWith("staff/", StringComparison.Ordinal) => spec with { Staff = scope },
                _ when scope.StartsWith("mentors/", StringComparison.Ordinal) => spec with { Mentor = scope },
                _ when scope.Contains("/centers/", StringComparison.Ordinal) => spec with { Centers = [.. spec.Centers, scope] },
                _ when scope.Contains("/counties/", StringComparison.Ordinal) => spec with { Counties = [.. spec.Counties, scope] },
                _ => spec with { Regions = [.. spec.Regions, scope] },
            };
        }

        return Issuer.Issue(spec);
    }

    /// <summary>A gRPC channel to the host sending <paramref name="token"/> (none when null), disposed with the host.</summary>
    public GrpcChannel ChannelFor(string? token)
    {
        var channel = GrpcChannel.ForAddress(GrpcAddress, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 16 * 1024 * 1024,
            DisposeHttpClient = true,
            HttpHandler = new BearerHandler(token, Handler()),
        });
        clients.Add(channel);
        return channel;
    }

    /// <summary>A gRPC-Web channel on the HTTP/1.1 port sending <paramref name="token"/> (none when null), disposed with the host.</summary>
    public GrpcChannel GrpcWebChannelFor(string? token, GrpcWebMode mode = GrpcWebMode.GrpcWeb)
    {
        // The port speaks HTTP/1.1 only; without HttpVersion 1.1 the channel would try cleartext HTTP/2
        // (prior knowledge) and Kestrel answers HTTP_1_1_REQUIRED.
        var channel = GrpcChannel.ForAddress(HttpAddress, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(mode, new BearerHandler(token, Handler())),
            HttpVersion = HttpVersion.Version11,
            DisposeHttpClient = true,
        });
        clients.Add(channel);
        return channel;
    }

    /// <summary>An HTTP client on the HTTP/1.1 port sending <paramref name="token"/> (none when null), disposed with the host.</summary>
    public HttpClient HttpFor(string? token)
    {
        var http = new HttpClient(Handler()) { BaseAddress = HttpAddress };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        clients.Add(http);
        return http;
    }

    /// <summary>Stops the host gracefully; the data folder stays.</summary>
    public async Task StopAsync()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        clients.Clear();
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

    /// <summary>A handler trusting exactly the host's test certificate when TLS is on.</summary>
    private SocketsHttpHandler Handler()
    {
        var handler = new SocketsHttpHandler();
        if (trustedCertificate is { } trusted)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString();
        }

        return handler;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Adds <c>authorization: Bearer …</c> to every request.</summary>
    internal sealed class BearerHandler(string? token, HttpMessageHandler inner) : DelegatingHandler(inner)
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

/// <summary>One host shared by the tests of a class.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    public TrainingHostProcess Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await TrainingHostProcess.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
