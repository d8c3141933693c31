using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Serialization;
using Training.Cluster.Postgres;
using Training.EventStore.Postgres;

namespace Training.Cluster;

/// <summary>
/// Configures Orleans clustering from configuration, the same way for a silo and for a client (a gateway):
/// <c>Clustering:Provider</c> <c>Localhost</c> (one silo on loopback, the embedded default) or <c>Postgres</c>
/// (Orleans' ADO.NET membership table, invariant <c>Npgsql</c>, in the database and schema of <c>Storage:Postgres</c>),
/// with the cluster's identity and endpoints from the <c>Orleans</c> section.
/// </summary>
public static class TrainingClustering
{
    /// <summary>The ADO.NET invariant of Npgsql, as Orleans' providers name it.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Orleans' failure detection (<c>ClusterMembershipOptions</c>: <c>ProbeTimeout</c>, <c>NumMissedProbesLimit</c>,
    /// <c>NumVotesForDeathDeclaration</c>, …), bound for silos; Orleans' defaults when absent.
    /// </summary>
    public const string MembershipSection = "Orleans:Membership";

    /// <summary>
    /// Orleans' messaging options (<c>SiloMessagingOptions</c> for a silo, <c>ClientMessagingOptions</c> for a client:
    /// <c>ResponseTimeout</c> and the rest); Orleans' defaults when absent.
    /// </summary>
    public const string MessagingSection = "Orleans:Messaging";

    /// <summary>A client's gateway list options (<c>GatewayOptions</c>: <c>GatewayListRefreshPeriod</c>, …).</summary>
    public const string GatewaySection = "Orleans:Gateway";

    /// <summary>Connections the Orleans providers of one process (membership, reminders, gateway list) may hold together.</summary>
    public const int OrleansMaxPoolSize = 5;

    /// <summary>
    /// Joins the silo to its cluster: localhost clustering on <c>Orleans:SiloPort</c> and <c>Orleans:GatewayPort</c>, or
    /// the PostgreSQL membership table with this silo advertised at <c>Orleans:AdvertisedIPAddress</c>. With PostgreSQL
    /// the silo checks, before Orleans reads its query texts, that the membership tables are at this build's schema
    /// version (or creates them with <c>Storage:Postgres:AutoMigrate</c>). Invalid settings throw at once.
    /// </summary>
    /// <exception cref="OptionsValidationException">The configuration cannot work (see <see cref="TrainingModes.Validate"/>).</exception>
    public static ISiloBuilder UseTrainingClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var modes = TrainingModes.Register(silo.Services, configuration, silo: true);
        var cluster = modes.Cluster;
        AllowTrainingExceptions(silo.Services);
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(MembershipSection));
        silo.Services.Configure<SiloMessagingOptions>(configuration.GetSection(MessagingSection));
        if (modes.Clustering == ClusteringProvider.Localhost)
        {
            return silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, null, cluster.ServiceId, cluster.ClusterId);
        }

        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
        silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedIPAddress), cluster.SiloPort, cluster.GatewayPort, cluster.ListenOnAnyHostAddress);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = OrleansConnectionString(modes.Postgres);
        });
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new SchemaCheck(modes.Postgres, PostgresOrleansSchema.Membership));
        return silo;
    }

    /// <summary>
    /// Points an Orleans client (a stateless gateway's <c>UseOrleansClient</c>) at the cluster: the silo's gateway port
    /// on loopback with localhost clustering, or the active gateways listed in the PostgreSQL membership table.
    /// <c>Storage:Provider</c> does not matter to a client; with PostgreSQL clustering it needs
    /// <c>Storage:Postgres:ConnectionString</c> (and <c>Schema</c>, when not the default) of the silos.
    /// </summary>
    /// <exception cref="OptionsValidationException">The configuration cannot work.</exception>
    public static IClientBuilder UseTrainingClustering(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(client);
        var modes = TrainingModes.Register(client.Services, configuration, silo: false);
        var cluster = modes.Cluster;
        AllowTrainingExceptions(client.Services);
        client.Services.Configure<ClientMessagingOptions>(configuration.GetSection(MessagingSection));
        client.Services.Configure<GatewayOptions>(configuration.GetSection(GatewaySection));
        if (modes.Clustering == ClusteringProvider.Localhost)
        {
            return client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
        }

        client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
        return client.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = OrleansConnectionString(modes.Postgres);
        });
    }

    /// <summary>
    /// Keeps the silo's Orleans reminders in the PostgreSQL reminder table (Orleans' ADO.NET reminder provider) of
    /// <c>Storage:Postgres</c>, checked at start like the membership tables.
    /// </summary>
    public static ISiloBuilder UsePostgresReminderService(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        var postgres = TrainingModes.ForSilo(configuration).Postgres;
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = OrleansConnectionString(postgres);
        });
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new SchemaCheck(postgres, PostgresOrleansSchema.Reminders));
        return silo;
    }

    /// <summary>
    /// The connection string the Orleans providers use: the store's database with <c>Search Path</c> set to its schema
    /// (Orleans reads its query texts from an unqualified <c>OrleansQuery</c>), the store's timeouts, a pool of
    /// <see cref="OrleansMaxPoolSize"/> connections and the application name <c>Training.Orleans</c> unless one is set.
    /// </summary>
    public static string OrleansConnectionString(PostgresEventStoreOptions postgres)
    {
        ArgumentNullException.ThrowIfNull(postgres);
        var settings = new NpgsqlConnectionStringBuilder(postgres.ConnectionString)
        {
            SearchPath = postgres.Schema,
            Timeout = (int)Math.Ceiling(postgres.ConnectTimeout.TotalSeconds),
            CommandTimeout = (int)Math.Ceiling(postgres.CommandTimeout.TotalSeconds),
            MaxPoolSize = OrleansMaxPoolSize,
        };
        if (string.IsNullOrEmpty(settings.ApplicationName))
        {
            settings.ApplicationName = "Training.Orleans";
        }

        return settings.ConnectionString;
    }

    /// <summary>
    /// Lets Orleans carry the project's own exceptions and Npgsql's (their causes) between processes. Orleans serializes
    /// exceptions of the <c>System</c> and <c>Microsoft</c> namespaces only; a grain's
    /// <c>EventStoreUnavailableException</c> answered to a gateway would otherwise fail to serialize (the response is
    /// dropped and the caller waits for its timeout) instead of reaching the API as storage unavailability.
    /// </summary>
    private static void AllowTrainingExceptions(IServiceCollection services) =>
        services.Configure<ExceptionSerializationOptions>(o =>
        {
            o.SupportedNamespacePrefixes.Add("Training.");
            o.SupportedNamespacePrefixes.Add("Npgsql");
        });

    /// <summary>
    /// Checks (or, with AutoMigrate, creates) one component's tables at the very first stage of the silo's start, before
    /// any Orleans provider touches them, so that a missing, older or newer schema stops the silo with a clear message.
    /// </summary>
    private sealed class SchemaCheck(PostgresEventStoreOptions postgres, string component) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) => lifecycle.Subscribe($"{nameof(PostgresOrleansSchema)}.{component}", ServiceLifecycleStage.First, RunAsync);

        private async Task RunAsync(CancellationToken cancellationToken)
        {
            if (postgres.AutoMigrate)
            {
                await PostgresOrleansSchema.MigrateAsync(postgres.ConnectionString, postgres.Schema, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await PostgresOrleansSchema.CheckAsync(postgres.ConnectionString, postgres.Schema, [component], cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
