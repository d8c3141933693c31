using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Training.Api.Hosting;
using Training.Cluster;

namespace Training.Gateway;

/// <summary>
/// The stateless gateway: the same public API as the silo's co-hosted one (services, authentication, authorization,
/// rate limits, health, OpenAPI; <see cref="ApiHost"/>) in a process that holds no grains and no data, reaching the
/// grains as an Orleans client (<c>UseOrleansClient</c>) of the cluster named by <c>Clustering</c>,
/// <c>Storage:Postgres</c> and <c>Orleans:ClusterId</c>/<c>ServiceId</c> (<see cref="TrainingClustering"/>). Any number
/// of gateways may serve one cluster behind a load balancer.
/// </summary>
/// <remarks>
/// The gateway starts whether or not a silo answers yet: Kestrel listens at once, the Orleans client keeps retrying its
/// first connection, and until it is connected (and whenever it has lost every silo) <c>/healthz</c> answers 503 and
/// every call answers <c>Unavailable</c>.
/// </remarks>
public static class GatewayHost
{
    /// <summary>Builds the gateway from appsettings, environment variables and command-line arguments.</summary>
    /// <exception cref="OptionsValidationException">The configuration cannot work; the message says why.</exception>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.Configure<HostOptions>(o =>
        {
            // Kestrel starts while the Orleans client is still trying to reach a silo.
            o.ServicesStartConcurrently = true;
            o.ShutdownTimeout = TimeSpan.FromSeconds(30);
        });
        var setup = builder.AddTrainingApiHost(
            new ApiTelemetry("training-gateway", ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"], ["Microsoft.Orleans"]),
            sharedKeyReason: "A gateway needs Auth:SigningKey (the silos' key) or Auth:Authority: it accepts the same tokens as the silos "
                + "and signs kiosk device tokens they must accept, so it cannot make a key of its own.",
            tokenCommand: null);

        var connection = new ClusterConnection();
        builder.Services.AddSingleton(connection);
        builder.Services.AddHealthChecks().AddCheck<ClusterConnectionHealthCheck>("cluster-connection");
        builder.Services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<ClusterConnectionInterceptor>());
        builder.UseOrleansClient(client =>
        {
            client.UseTrainingClustering(builder.Configuration);
            client.AddClusterConnectionStatusObserver(connection);
            client.Services.AddSingleton<ILifecycleParticipant<IClusterClientLifecycle>>(connection);
            client.UseConnectionRetryFilter(RetryFirstConnectionAsync);
            if (ApiHost.TelemetryEndpoint(builder.Configuration) is not null)
            {
                client.AddActivityPropagation();
            }
        });

        var app = builder.Build();
        app.MapTrainingApiHost(setup, "Public service centre training platform (gateway).");
        return app;
    }

    /// <summary>Keeps trying to reach the cluster (every 2 s) until the gateway stops: silos may start after it.</summary>
    private static async Task<bool> RetryFirstConnectionAsync(Exception exception, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
