using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Training.Api;
using Training.EventStore.Sqlite;
using Training.Grains;
using Training.Grains.EventSourcing;
using Training.Silo.DemoData;

namespace Training.Silo;

/// <summary>
/// The embedded default: one process, an Orleans silo with the gRPC API co-hosted, events in a
/// SQLite file in the data folder. Kestrel serves gRPC on an HTTP/2-only endpoint and HTTP/JSON,
/// gRPC-Web, OpenAPI and health on an HTTP/1.1 endpoint.
/// </summary>
public static class TrainingHost
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

        ConfigureKestrel(builder, hosting);
        builder.Services.AddSqliteEventStore(o => o.DataDirectory = hosting.DataDirectory);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EventSourcingServices>();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, null, cluster.ServiceId, cluster.ClusterId);
            silo.AddCustomStorageBasedLogConsistencyProvider(EventStoreLogConsistency.ProviderName);
            silo.AddActivityPropagation();
        });
        builder.Services.AddTrainingApi();
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
            "Public service centre training platform. gRPC on the HTTP/2 port; HTTP/JSON under /v1; OpenAPI at /openapi/v1.json; health at /healthz.\n"));
        return app;
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder, HostingOptions hosting)
    {
        var address = IPAddress.Parse(hosting.ListenAddress);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = TrainingApi.MaxReceiveMessageSize + 1024;
            kestrel.Listen(address, hosting.GrpcPort, o => o.Protocols = HttpProtocols.Http2);
            kestrel.Listen(address, hosting.HttpPort, o => o.Protocols = HttpProtocols.Http1);
        });
    }

    private static void ConfigureTelemetry(WebApplicationBuilder builder)
    {
        var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = string.IsNullOrWhiteSpace(telemetry.OtlpEndpoint) ? null : new Uri(telemetry.OtlpEndpoint);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("training-silo"))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation()
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", TrainingTelemetry.SourceName);
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter("Microsoft.Orleans", "Training.EventStore", TrainingTelemetry.MeterName);
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });
        if (otlp is not null)
        {
            otel.WithLogging(logging => logging.AddOtlpExporter(o => o.Endpoint = otlp));
        }
    }
}
