using Microsoft.Extensions.Options;
using Training.Api.Hosting;
using Training.Api.Security;
using Training.Cluster;
using Training.EventStore.Postgres;
using Training.EventStore.Sqlite;
using Training.Grains;
using Training.Grains.EventSourcing;
using Training.Reminders.Sqlite;
using Training.Silo.DemoData;

namespace Training.Silo;

/// <summary>
/// The host: an Orleans silo with the gRPC API co-hosted. By default the embedded mode (one process, localhost
/// clustering, events and Orleans reminders in a SQLite file in the data folder); configuration selects the regional
/// mode instead (<see cref="TrainingModes"/>: <c>Storage:Provider=Postgres</c>, <c>Clustering:Provider=Postgres</c>),
/// where events, reminders and cluster membership live in PostgreSQL and many silos form one cluster. Kestrel serves
/// gRPC on an HTTP/2-only endpoint and HTTP/JSON, gRPC-Web, OpenAPI and health on an HTTP/1.1 endpoint, both over TLS
/// when a certificate is configured. Every call but health needs a bearer token (<see cref="AuthOptions"/>).
/// </summary>
public static class TrainingHost
{
    /// <summary>Builds the host from appsettings, environment variables (e.g. Training__GrpcPort) and command-line arguments.</summary>
    /// <exception cref="OptionsValidationException">The configuration cannot work (e.g. PostgreSQL clustering with SQLite storage); the message says why.</exception>
    public static WebApplication Build(string[] args) => Build(args, configure: null);

    /// <summary>As <see cref="Build(string[])"/>; <paramref name="configure"/> may add to the builder last (tests).</summary>
    internal static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure)
    {
        var builder = WebApplication.CreateBuilder(args);
        var modes = TrainingModes.ForSilo(builder.Configuration);
        builder.Services.Configure<EventSourcingOptions>(builder.Configuration.GetSection("EventSourcing"));
        builder.Services.Configure<Training.Grains.Results.FollowUpOptions>(builder.Configuration.GetSection("FollowUps"));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        // With PostgreSQL clustering a caller's token must be accepted by whichever silo answers: the key file each
        // silo would create in its own data folder differs from silo to silo.
        var sharedKeyReason = modes.Clustering == ClusteringProvider.Postgres
            ? "Clustering:Provider=Postgres needs Auth:SigningKey (the same base64 key on every silo and gateway) or Auth:Authority: "
              + "a key file created in each silo's data folder would differ from silo to silo, and a token issued by one would be refused by the others."
            : null;
        var setup = builder.AddTrainingApiHost(
            new ApiTelemetry("training-silo", ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", TrainingTelemetry.SourceName], ["Microsoft.Orleans", "Training.EventStore", TrainingTelemetry.MeterName]),
            sharedKeyReason,
            TokenCommand.Example);
        if (modes.Storage == StorageProvider.Postgres)
        {
            builder.Services.AddPostgresEventStore(o => builder.Configuration.GetSection(StorageOptions.PostgresSection).Bind(o));
        }
        else
        {
            builder.Services.AddSqliteEventStore(o => o.DataDirectory = setup.Hosting.DataDirectory);
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EventSourcingServices>();
        builder.UseOrleans(silo =>
        {
            silo.UseTrainingClustering(builder.Configuration);
            silo.AddCustomStorageBasedLogConsistencyProvider(EventStoreLogConsistency.ProviderName);
            if (modes.Storage == StorageProvider.Postgres)
            {
                silo.UsePostgresReminderService(builder.Configuration);
            }
            else
            {
                silo.UseSqliteReminderService();
            }

            if (ApiHost.TelemetryEndpoint(builder.Configuration) is not null)
            {
                silo.AddActivityPropagation();
            }
        });
        if (setup.Hosting.DemoData)
        {
            builder.Services.AddHostedService<DemoDataLoader>();
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapTrainingApiHost(setup, "Public service centre training platform.");
        return app;
    }

    /// <summary>The reasons of a failed start, for the console: validation failures one per line, else the message and its cause.</summary>
    public static string Describe(Exception exception) => ApiHost.Describe(exception);
}
