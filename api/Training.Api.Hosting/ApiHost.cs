using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Training.Api.Security;

namespace Training.Api.Hosting;

/// <summary>What a process hosting the API is called in telemetry and which of its own sources and meters it exports.</summary>
/// <param name="ServiceName">The OpenTelemetry service name (<c>training-silo</c>, <c>training-gateway</c>).</param>
/// <param name="Sources">Activity sources traced besides ASP.NET Core's.</param>
/// <param name="Meters">Meters exported besides ASP.NET Core's and the runtime's.</param>
public sealed record ApiTelemetry(string ServiceName, IReadOnlyList<string> Sources, IReadOnlyList<string> Meters);

/// <summary>What <see cref="ApiHost.AddTrainingApiHost"/> read, for <see cref="ApiHost.MapTrainingApiHost"/>.</summary>
/// <param name="Hosting">The <c>Training</c> section: endpoints, TLS, data folder.</param>
/// <param name="Auth">The <c>Auth</c> section.</param>
/// <param name="KeySource">Where the signing key came from (or the authority), for the start-up log.</param>
/// <param name="TokenCommand">How an operator gets a token from this host's key, for the start-up log; null when none applies.</param>
public sealed record ApiHostSetup(HostingOptions Hosting, AuthOptions Auth, string KeySource, string? TokenCommand);

/// <summary>
/// The parts of a process that serves the public API and are the same whoever hosts it — the silo with its co-hosted
/// API or a stateless gateway: Kestrel with gRPC on an HTTP/2-only endpoint and HTTP/JSON, gRPC-Web, OpenAPI and
/// health on an HTTP/1.1 endpoint (<c>Training:ListenAddress</c>, <c>GrpcPort</c>, <c>HttpPort</c>), both over TLS when a
/// certificate is configured (<c>Training:Tls</c>); the API's services, interceptors and rate limits
/// (<see cref="TrainingApi"/>); bearer-token authentication (<c>Auth</c>); <c>/healthz</c>; OTLP telemetry when
/// <c>Telemetry:OtlpEndpoint</c> is set.
/// </summary>
public static partial class ApiHost
{
    /// <summary>
    /// Reads <c>Training</c> and <c>Auth</c> and adds Kestrel's endpoints, the API, authentication, health checks and
    /// telemetry to <paramref name="builder"/>. The signing key is <c>Auth:SigningKey</c>; without one, and without
    /// <c>Auth:Authority</c>, it is the key file of the data folder (<see cref="SigningKeyStore"/>) unless
    /// <paramref name="sharedKeyReason"/> says why a key shared with other processes is needed instead.
    /// </summary>
    /// <param name="builder">The host's builder.</param>
    /// <param name="telemetry">The service name and the host's own telemetry sources.</param>
    /// <param name="sharedKeyReason">Null when a key file of this process's own is acceptable; else why it is not (the configuration is refused).</param>
    /// <param name="tokenCommand">How an operator gets a token, for the start-up log (with a key file, the data folder is added).</param>
    /// <exception cref="OptionsValidationException">A shared key is needed and neither <c>Auth:SigningKey</c> nor <c>Auth:Authority</c> is set.</exception>
    public static ApiHostSetup AddTrainingApiHost(this WebApplicationBuilder builder, ApiTelemetry telemetry, string? sharedKeyReason, string? tokenCommand)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(telemetry);
        var hosting = builder.Configuration.GetSection(HostingOptions.Section).Get<HostingOptions>() ?? new HostingOptions();
        builder.Services.Configure<HostingOptions>(builder.Configuration.GetSection(HostingOptions.Section));
        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (sharedKeyReason is not null && !auth.UsesAuthority && string.IsNullOrWhiteSpace(auth.SigningKey))
        {
            throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions), [sharedKeyReason]);
        }

        var (signingKey, keySource) = auth.UsesAuthority ? (null, auth.Authority) : SigningKeyStore.Resolve(auth, hosting.DataDirectory);
        ConfigureKestrel(builder, hosting);
        builder.Services.AddTrainingApi(builder.Configuration);
        builder.Services.AddTrainingAuthentication(auth, signingKey);
        builder.Services.AddHealthChecks();
        ConfigureTelemetry(builder, telemetry);
        return new ApiHostSetup(hosting, auth, keySource, tokenCommand);
    }

    /// <summary>
    /// Adds authentication, authorization and gRPC-Web to the pipeline and maps the API, <c>/healthz</c> (every health
    /// check; open to load balancers) and a one-line description at <c>/</c>; logs at start how callers authenticate.
    /// </summary>
    public static WebApplication MapTrainingApiHost(this WebApplication app, ApiHostSetup setup, string description)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(setup);
        app.UseTrainingApi();
        app.MapTrainingApi();
        app.MapHealthChecks("/healthz");
        app.MapGet("/", () => Results.Text(
            $"{description} gRPC on the HTTP/2 port; HTTP/JSON under /v1 (send 'authorization: Bearer <token>'); OpenAPI at /openapi/v1.json; health at /healthz.\n"));
        app.Lifetime.ApplicationStarted.Register(() => LogSecurity(app.Logger, setup));
        return app;
    }

    /// <summary>
    /// Builds, starts and runs a host until it is stopped, for a <c>Program.cs</c>: exit code 2 (the reasons on standard
    /// error) when <paramref name="build"/> refuses the configuration, 1 when the host does not start (e.g. the database
    /// cannot be reached or its schema is not this build's), 0 after a graceful stop.
    /// </summary>
    /// <param name="build">Builds the host from the command line; throws <see cref="OptionsValidationException"/> for unusable settings.</param>
    /// <param name="name">What the messages call the process ("host", "gateway").</param>
    public static async Task<int> RunAsync(Func<WebApplication> build, string name)
    {
        ArgumentNullException.ThrowIfNull(build);
        WebApplication app;
        try
        {
            app = build();
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"The {name} cannot start with this configuration:\n  {string.Join("\n  ", ex.Failures)}").ConfigureAwait(false);
            return 2;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The log has the details; the operator gets the reason (e.g. a schema to migrate, a database to start).
                await Console.Error.WriteLineAsync($"The {name} did not start: {Describe(ex)}").ConfigureAwait(false);
                return 1;
            }

            await app.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>The OTLP endpoint (<c>Telemetry:OtlpEndpoint</c>), or null when telemetry is not exported.</summary>
    public static Uri? TelemetryEndpoint(IConfiguration configuration)
    {
        var telemetry = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        return string.IsNullOrWhiteSpace(telemetry.OtlpEndpoint) ? null : new Uri(telemetry.OtlpEndpoint);
    }

    /// <summary>The reasons of a failed start, for the console: validation failures one per line, else the message and its cause.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        OptionsValidationException validation => string.Join("\n  ", validation.Failures),
        AggregateException aggregate => string.Join("\n  ", aggregate.InnerExceptions.Select(Describe)),
        { InnerException: { } inner } when inner.Message != exception.Message => $"{exception.Message} ({inner.Message})",
        _ => exception.Message,
    };

    /// <summary>One line on how callers authenticate (and so how to get a token), and a warning when serving the network in the clear.</summary>
    private static void LogSecurity(ILogger logger, ApiHostSetup setup)
    {
        var (hosting, auth) = (setup.Hosting, setup.Auth);
        if (auth.UsesAuthority)
        {
            LogAuthority(logger, auth.Authority, auth.Audience);
        }
        else if (setup.TokenCommand is { } command)
        {
            var keyFile = string.IsNullOrWhiteSpace(auth.SigningKey);
            var dataArgument = !keyFile || string.Equals(hosting.DataDirectory, new HostingOptions().DataDirectory, StringComparison.Ordinal)
                ? string.Empty
                : $" --Training:DataDirectory={hosting.DataDirectory}";
            LogTokenCommand(logger, command + dataArgument, setup.KeySource);
        }
        else
        {
            LogSharedKey(logger, setup.KeySource);
        }

        if (!hosting.Tls.Enabled && !IPAddress.IsLoopback(IPAddress.Parse(hosting.ListenAddress)))
        {
            LogCleartext(logger, hosting.ListenAddress);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Every call needs a bearer token (health excepted). Get one with: {Command}   (signing key: {KeySource})")]
    private static partial void LogTokenCommand(ILogger logger, string command, string keySource);

    [LoggerMessage(Level = LogLevel.Information, Message = "Every call needs a bearer token (health excepted) signed with the key of {KeySource}, the silos' key")]
    private static partial void LogSharedKey(ILogger logger, string keySource);

    [LoggerMessage(Level = LogLevel.Information, Message = "Every call needs a bearer token (health excepted) issued by {Authority} for audience {Audience}")]
    private static partial void LogAuthority(ILogger logger, string authority, string audience);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening on {Address} without TLS: tokens and data cross the network in the clear. Configure Training:Tls.")]
    private static partial void LogCleartext(ILogger logger, string address);

    private static void ConfigureKestrel(WebApplicationBuilder builder, HostingOptions hosting)
    {
        var address = IPAddress.Parse(hosting.ListenAddress);
        var tls = hosting.Tls;
        var certificate = string.IsNullOrWhiteSpace(tls.CertificatePath) ? null : LoadCertificate(tls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = TrainingApi.MaxReceiveMessageSize + 1024;
            kestrel.Listen(address, hosting.GrpcPort, o =>
            {
                o.Protocols = HttpProtocols.Http2;
                UseTls(o, tls, certificate);
            });
            kestrel.Listen(address, hosting.HttpPort, o =>
            {
                o.Protocols = HttpProtocols.Http1;
                UseTls(o, tls, certificate);
            });
        });
    }

    /// <summary>HTTPS on the endpoint when a certificate is configured (from the file, or else the store).</summary>
    private static void UseTls(ListenOptions listen, TlsOptions tls, X509Certificate2? certificate)
    {
        if (certificate is not null)
        {
            listen.UseHttps(certificate);
        }
        else if (!string.IsNullOrWhiteSpace(tls.StoreSubject))
        {
            listen.UseHttps(Enum.Parse<StoreName>(tls.StoreName, ignoreCase: true), tls.StoreSubject, allowInvalid: false, Enum.Parse<StoreLocation>(tls.StoreLocation, ignoreCase: true));
        }
    }

    /// <summary>A PFX/PKCS#12 file, or a PEM certificate with its key (in the same file, or <see cref="TlsOptions.KeyPath"/>; encrypted with the password if one is given).</summary>
    private static X509Certificate2 LoadCertificate(TlsOptions tls)
    {
        var path = tls.CertificatePath;
        var extension = Path.GetExtension(path);
        if (extension.Equals(".pem", StringComparison.OrdinalIgnoreCase) || extension.Equals(".crt", StringComparison.OrdinalIgnoreCase))
        {
            var keyPath = string.IsNullOrWhiteSpace(tls.KeyPath) ? null : tls.KeyPath;
            return string.IsNullOrEmpty(tls.CertificatePassword)
                ? X509Certificate2.CreateFromPemFile(path, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, tls.CertificatePassword, keyPath);
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(tls.CertificatePassword) ? null : tls.CertificatePassword);
    }

    /// <summary>
    /// Traces, metrics and logs over OTLP when an endpoint is configured. Without one nothing is
    /// collected: an activity per grain call and per request, recorded for no exporter, costs the
    /// kiosk rush real CPU on a two-core machine (see docs/benchmarks.md).
    /// </summary>
    private static void ConfigureTelemetry(WebApplicationBuilder builder, ApiTelemetry telemetry)
    {
        if (TelemetryEndpoint(builder.Configuration) is not { } otlp)
        {
            return;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(telemetry.ServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource([.. telemetry.Sources])
                .AddOtlpExporter(o => o.Endpoint = otlp))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter([.. telemetry.Meters])
                .AddOtlpExporter(o => o.Endpoint = otlp))
            .WithLogging(logging => logging.AddOtlpExporter(o => o.Endpoint = otlp));
    }
}
