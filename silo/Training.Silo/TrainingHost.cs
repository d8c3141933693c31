using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Training.Api;
using Training.Api.Security;
using Training.EventStore.Sqlite;
using Training.Grains;
using Training.Grains.EventSourcing;
using Training.Reminders.Sqlite;
using Training.Silo.DemoData;

namespace Training.Silo;

/// <summary>
/// The embedded default: one process, an Orleans silo with the gRPC API co-hosted, events and
/// Orleans reminders in a SQLite file in the data folder. Kestrel serves gRPC on an HTTP/2-only endpoint and HTTP/JSON,
/// gRPC-Web, OpenAPI and health on an HTTP/1.1 endpoint, both over TLS when a certificate is configured.
/// Every call but health needs a bearer token (<see cref="AuthOptions"/>).
/// </summary>
public static partial class TrainingHost
{
    /// <summary>Builds the host from appsettings, environment variables (e.g. Training__GrpcPort) and command-line arguments.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var hosting = builder.Configuration.GetSection(HostingOptions.Section).Get<HostingOptions>() ?? new HostingOptions();
        var cluster = builder.Configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
        builder.Services.Configure<HostingOptions>(builder.Configuration.GetSection(HostingOptions.Section));
        builder.Services.Configure<EventSourcingOptions>(builder.Configuration.GetSection("EventSourcing"));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var (signingKey, keySource) = auth.UsesAuthority ? (null, auth.Authority) : SigningKeyStore.Resolve(auth, hosting.DataDirectory);

        ConfigureKestrel(builder, hosting);
        builder.Services.AddSqliteEventStore(o => o.DataDirectory = hosting.DataDirectory);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EventSourcingServices>();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, null, cluster.ServiceId, cluster.ClusterId);
            silo.AddCustomStorageBasedLogConsistencyProvider(EventStoreLogConsistency.ProviderName);
            silo.UseSqliteReminderService();
            if (TelemetryEndpoint(builder.Configuration) is not null)
            {
                silo.AddActivityPropagation();
            }
        });
        builder.Services.AddTrainingApi(builder.Configuration);
        builder.Services.AddTrainingAuthentication(auth, signingKey);
        builder.Services.AddHealthChecks();
        ConfigureTelemetry(builder);
        if (hosting.DemoData)
        {
            builder.Services.AddHostedService<DemoDataLoader>();
        }

        var app = builder.Build();
        app.UseTrainingApi();
        app.MapTrainingApi();
        app.MapHealthChecks("/healthz");
        app.MapGet("/", () => Results.Text(
            "Public service centre training platform. gRPC on the HTTP/2 port; HTTP/JSON under /v1 (send 'authorization: Bearer <token>'); OpenAPI at /openapi/v1.json; health at /healthz.\n"));
        app.Lifetime.ApplicationStarted.Register(() => LogSecurity(app.Logger, hosting, auth, keySource));
        return app;
    }

    /// <summary>One line on how callers authenticate (and so how to get a token), and a warning when serving the network in the clear.</summary>
    private static void LogSecurity(ILogger logger, HostingOptions hosting, AuthOptions auth, string keySource)
    {
        if (auth.UsesAuthority)
        {
            LogAuthority(logger, auth.Authority, auth.Audience);
        }
        else
        {
            var dataArgument = string.Equals(hosting.DataDirectory, new HostingOptions().DataDirectory, StringComparison.Ordinal) ? string.Empty : $" --Training:DataDirectory={hosting.DataDirectory}";
            LogTokenCommand(logger, TokenCommand.Example + dataArgument, keySource);
        }

        if (!hosting.Tls.Enabled && !IPAddress.IsLoopback(IPAddress.Parse(hosting.ListenAddress)))
        {
            LogCleartext(logger, hosting.ListenAddress);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Every call needs a bearer token (health excepted). Get one with: {Command}   (signing key: {KeySource})")]
    private static partial void LogTokenCommand(ILogger logger, string command, string keySource);

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

    /// <summary>The OTLP endpoint, or null when telemetry is not exported.</summary>
    private static Uri? TelemetryEndpoint(ConfigurationManager configuration)
    {
        var telemetry = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        return string.IsNullOrWhiteSpace(telemetry.OtlpEndpoint) ? null : new Uri(telemetry.OtlpEndpoint);
    }

    /// <summary>
    /// Traces, metrics and logs over OTLP when an endpoint is configured. Without one nothing is
    /// collected: an activity per grain call and per request, recorded for no exporter, costs the
    /// kiosk rush real CPU on a two-core machine (see docs/benchmarks.md).
    /// </summary>
    private static void ConfigureTelemetry(WebApplicationBuilder builder)
    {
        if (TelemetryEndpoint(builder.Configuration) is not { } otlp)
        {
            return;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("training-silo"))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", TrainingTelemetry.SourceName)
                .AddOtlpExporter(o => o.Endpoint = otlp))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans", "Training.EventStore", TrainingTelemetry.MeterName)
                .AddOtlpExporter(o => o.Endpoint = otlp))
            .WithLogging(logging => logging.AddOtlpExporter(o => o.Endpoint = otlp));
    }
}
